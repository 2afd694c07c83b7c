-- kualitas_karantina_ringkas: the open quarantine grouped by reason, largest group first.
-- Parameters: $kabkota (VARCHAR[] or NULL). Scope: queries/_karantina.sql.
-- kelompok: the reason in plain Indonesian; contoh_nilai: up to 5 distinct values as written.
with

karantina_lingkup as (
{{ _karantina }}
),

final as (
    select
        kode_alasan,
        case kode_alasan
            when 'kabkota_tidak_dikenal' then 'Ejaan kab/kota tidak dikenal'
            when 'kabkota_ambigu' then 'Nama kab/kota ambigu (Kabupaten atau Kota?)'
            when 'komunitas_tidak_dikenal' then 'Komunitas tidak ditemukan'
            when 'komunitas_ambigu' then 'Nama komunitas dipakai lebih dari satu komunitas'
            when 'tanggal_tidak_terbaca' then 'Tanggal tidak terbaca'
            when 'tanggal_di_luar_rentang' then 'Tanggal di luar rentang wajar'
            when 'tanggal_urutan_ambigu' then 'Tanggal dapat dibaca dua cara (hari/bulan atau bulan/hari)'
            when 'galat_rumus' then 'Sel berisi galat rumus (#REF!, #N/A, …)'
            when 'durasi_tidak_valid' then 'Durasi tidak terbaca'
            when 'nilai_wajib_kosong' then 'Kolom wajib kosong'
            when 'nilai_tidak_dikenal' then 'Nilai tidak dikenal'
            else kode_alasan
        end as kelompok,
        count(*) as jumlah_baris,
        -- A file is its name and its content: two monthly `form_responses_1.csv` are two files.
        count(distinct sumber_file || '|' || coalesce(sumber_sha256, '')) as jumlah_berkas,
        string_agg(distinct jenis_data, ', ' order by jenis_data) as jenis_data,
        array_to_string(list_slice(list(distinct nilai order by nilai), 1, 5), '; ') as contoh_nilai
    from karantina_lingkup
    group by kode_alasan
)

select
    kode_alasan,
    kelompok,
    jumlah_baris,
    jumlah_berkas,
    jenis_data,
    contoh_nilai
from final
order by jumlah_baris desc, kode_alasan
