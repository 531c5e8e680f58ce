-- The retention purge finds the oldest rows of each table by time, a batch at a time. Without these indexes each
-- batch read the whole table (processed_event, status_report) or read and sorted it (message: 592 ms per batch on
-- PostgreSQL under load, pg_stat_statements; issue #22). Each index is on a time that only
-- grows, so new rows go to its right-hand end.
create index ix_processed_event_received on processed_event (received_at);
create index ix_status_report_kept on status_report (kept_at);
create index ix_message_created on message (created_at);

-- Analyses waiting for their message are looked up by customer and channel in every transaction that takes in
-- messages. H2 uses one list of values per index, its first column's: with the channel first it read every analysis
-- of the channel (or, choosing the message_id index for "message_id IS NULL", every unattached one), a scan that
-- grew with the table and took 15 % of the server's CPU after three minutes at 1,000 events/s (issue #22). The
-- customer first makes it a look-up on both databases.
drop index ix_message_analysis_waiting;
create index ix_message_analysis_waiting on message_analysis (customer_id, channel_id);
