-- Partial: the lexicon version the stored reflection items were classified with (meta `versi_leksikon`, kept
-- by data_loaders/themes.py); items of other versions are stale. No parameters.
select nilai::integer as versi
from meta
where kunci = 'versi_leksikon'
