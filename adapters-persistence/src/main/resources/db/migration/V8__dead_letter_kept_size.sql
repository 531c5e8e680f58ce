-- dead letters keep at most a configured part of a body (body_size stays the size that arrived); kept_size is the
-- part stored, summed to hold all dead letters under a total without reading a body
alter table dead_letter add column kept_size bigint;
update dead_letter set kept_size = octet_length(body);
alter table dead_letter alter column kept_size set not null;
create index ix_dead_letter_newest on dead_letter (received_at desc, id desc);
