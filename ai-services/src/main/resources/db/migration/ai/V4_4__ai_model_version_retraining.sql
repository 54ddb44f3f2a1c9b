-- A trained version that learnt from data a data subject's erasure later removed (GDPR Art. 17) is marked: since when
-- and why it should be trained again. Nothing about the subject is kept here.
alter table ai_model_version add column retraining_needed_since timestamp(6) with time zone;
alter table ai_model_version add column retraining_reason varchar(1000);
