-- Rule conditions (schedule, customer, channel, language) and language variants as JSON; cooldown per customer.
alter table reply_rule add column conditions varchar;
alter table reply_rule add column variants varchar;
alter table reply_rule add column cooldown_seconds bigint;

-- The bot stays silent in a conversation while bot_paused_until is in the future (HANDOFF, FLOOD, LOOP).
alter table conversation add column bot_paused_until timestamp with time zone;
alter table conversation add column bot_paused_reason varchar(16);

create index ix_message_rule on message (conversation_id, rule_id, created_at);
