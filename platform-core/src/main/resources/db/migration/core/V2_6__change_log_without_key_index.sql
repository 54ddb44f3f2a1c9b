-- No query reads the change log by object key: delta links and the lake read a set's entries in sequence order
-- (ix_change_log_set). The index cost a third of the log's insert time in a $batch of 1,000 creates.
drop index if exists ix_change_log_key;
