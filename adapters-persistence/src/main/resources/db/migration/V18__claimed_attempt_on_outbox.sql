-- The dispatcher's claim writes the attempt it is about to make (its number, the first attempt's time and the
-- repeatability window) on the reply's outbox row instead of its message row, and the outcome brings them to the
-- message row. A claim used to update the message row, and on PostgreSQL most such updates wrote a new entry in
-- every index of the message table: one message update fewer per reply (docs/BENCHMARKS.md, issue #22). Null, or a
-- count no higher than the message row's (an instance of an earlier version, during a rolling upgrade, claims on the
-- message row): the message row holds the attempts. A message row's attempts lag while a send is in flight.
alter table outbox add column attempts integer;
alter table outbox add column first_attempt_at timestamp with time zone;
alter table outbox add column window_started_at timestamp with time zone;
