create table users (
    id uuid primary key,
    kind text not null check (kind in ('api', 'anonymous')),
    created_at timestamptz not null default now()
);

-- Credentials are stored as SHA-256 hashes of high-entropy random secrets; the secret itself is shown once.
create table credentials (
    hash bytea primary key,
    user_id uuid not null references users (id) on delete cascade,
    kind text not null check (kind in ('api_key', 'browser')),
    name text not null,
    prefix text not null,
    created_at timestamptz not null default now(),
    revoked_at timestamptz
);

create index credentials_by_user on credentials (user_id);

-- Conversations made before identities existed belong to no one, so no one can read them.
alter table conversations add column owner_id uuid references users (id) on delete cascade;
create index conversations_by_owner on conversations (owner_id, created_at desc);
