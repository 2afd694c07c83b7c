-- Partial: a reviewer's theme correction per reflection item, the newest one (issue 18; history kept in
-- koreksi_tema, the scoped view of the app's state). It overrides the classifier's theme wherever items are counted.
select
    id_refleksi,
    butir,
    arg_max(tema_baru, id) as tema
from koreksi_tema
group by id_refleksi, butir
