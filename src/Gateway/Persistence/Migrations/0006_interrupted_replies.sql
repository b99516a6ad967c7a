-- A reply the person spoke over is stored as what they heard of it, marked interrupted.
alter table messages drop constraint if exists messages_status_check;
alter table messages add constraint messages_status_check check (status in ('complete', 'cancelled', 'failed', 'interrupted'));
