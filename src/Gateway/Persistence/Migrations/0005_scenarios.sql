-- A conversation started from a catalog scenario remembers which one; each objective completes once per conversation,
-- so its row is the proof and the score is the sum of their points.
alter table conversations add column scenario_id text;

create table scenario_objectives (
    conversation_id uuid not null references conversations (id) on delete cascade,
    objective_id text not null,
    points integer not null,
    turn_id uuid,
    completed_at timestamptz not null default now(),
    primary key (conversation_id, objective_id)
);
