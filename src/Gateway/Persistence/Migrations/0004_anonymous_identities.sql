-- Anonymous identities are bounded per client address and expire when unused, so each remembers where it was made
-- and every credential when it was last used.
alter table users add column created_from inet;
alter table credentials add column last_used_at timestamptz not null default now();
create index users_anonymous_by_address on users (created_from, created_at) where kind = 'anonymous';
