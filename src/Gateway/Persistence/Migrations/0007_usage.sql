-- What each /v1 call used, per user: tokens for chat, seconds of audio for speech; read back at GET /api/usage.
create table usage_records (
    id bigserial primary key,
    user_id uuid not null references users (id) on delete cascade,
    route text not null,
    model text,
    status integer not null,
    prompt_tokens integer not null default 0,
    completion_tokens integer not null default 0,
    audio_in_seconds double precision not null default 0,
    audio_out_seconds double precision not null default 0,
    duration_ms double precision not null,
    created_at timestamptz not null default now()
);

create index usage_records_by_user on usage_records (user_id, created_at desc);
