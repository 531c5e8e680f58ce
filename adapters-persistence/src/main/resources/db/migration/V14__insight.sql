-- insight: what business users see of what the bot does for them.
-- Counts per UTC hour, channel, metric and dimension (a rule's id, a flow's step, an error code, ...), added by the
-- transaction that counted them, as its last statement: read for any range, they are a few rows per hour instead of a
-- scan of every message (docs/BENCHMARKS.md, "Insight"). They name no customer.
create table insight_count (
    hour_start timestamp with time zone not null,
    channel_id varchar(255)             not null,
    metric     varchar(32)              not null,
    dimension  varchar(200)             not null,
    n          bigint                   not null,
    primary key (hour_start, channel_id, metric, dimension)
);

-- The customer texts only a fallback or nothing answered, grouped by their words (text_key) for "what customers ask
-- that nothing answers". Kept with their message: they go when it goes (retention, a customer's erasure).
create table unanswered_text (
    message_id uuid                     primary key references message (id),
    channel_id varchar(255)             not null,
    created_at timestamp with time zone not null,
    answer     varchar(16)              not null,
    text_key   varchar(1000)            not null,
    text       varchar(4000)            not null
);
-- the grouping reads this index alone; the latest text of a group is one look-up in the second
create index ix_unanswered_text_range on unanswered_text (created_at, text_key, answer);
create index ix_unanswered_text_key on unanswered_text (text_key, created_at);

-- how each customer message was answered (RULE, FALLBACK, FLOW, ...), shown in the inbox
alter table message add column answer varchar(16);

-- since when the customer has waited for a reply (the first response time is measured from it)
alter table conversation add column awaiting_reply_since timestamp with time zone;
