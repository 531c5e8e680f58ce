-- replies that wait for the analysis: the messages of a conversation whose answers wait (for their analysis, or
-- behind an earlier one), how each message's answer waited, and when each channel last sent an analysis (a channel
-- that sends none makes no answer wait)
alter table conversation add column held_messages varchar;
alter table message add column answer_hold varchar(16);

create table channel_analysis (
    channel_id       varchar(255)             primary key,
    last_analysis_at timestamp with time zone not null
);
