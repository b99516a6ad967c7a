-- Jobs for the message bus are written here first, so a broker outage delays them instead of losing them.
create table outbox (
    id bigint generated always as identity primary key,
    message_type text not null,
    payload jsonb not null,
    traceparent text,
    created_at timestamptz not null default now(),
    sent_at timestamptz
);

create index outbox_pending on outbox (id) where sent_at is null;
