-- interactive replies (buttons, lists, links): a rule's header, footer, buttons, sections and titles as JSON, and the
-- options a conversation was last offered, so that a typed "2" or a tap can be matched to them
alter table reply_rule add column reply_interactive varchar;
alter table conversation add column last_offer varchar;
