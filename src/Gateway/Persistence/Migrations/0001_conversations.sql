create table conversations (
    id uuid primary key,
    language text not null,
    level text not null,
    scenario text not null,
    persona text not null,
    created_at timestamptz not null default now()
);

create table messages (
    id uuid primary key,
    conversation_id uuid not null references conversations (id) on delete cascade,
    position bigint generated always as identity,
    turn_id uuid,
    role text not null check (role in ('system', 'user', 'assistant')),
    content text not null,
    status text not null check (status in ('complete', 'cancelled', 'failed')),
    model text,
    prompt_tokens integer,
    completion_tokens integer,
    ttft_ms double precision,
    total_ms double precision,
    created_at timestamptz not null default now()
);

create index messages_by_conversation on messages (conversation_id, position);
create unique index assistant_message_per_turn on messages (turn_id) where role = 'assistant';

create table summaries (
    conversation_id uuid not null references conversations (id) on delete cascade,
    content text not null,
    through_position bigint not null,
    created_at timestamptz not null default now(),
    primary key (conversation_id, through_position)
);

create table vocabulary_items (
    conversation_id uuid not null references conversations (id) on delete cascade,
    term text not null,
    lemma text not null,
    part_of_speech text not null,
    definition text not null,
    example text not null,
    cefr_level text not null,
    created_at timestamptz not null default now(),
    primary key (conversation_id, lemma, part_of_speech)
);
