"""The demo data: the 2021 Ombudsman compliance survey in Belitung and Belitung Timur.

Plain data only; patuh.demo.services loads it. The shape follows the seed scenario (domain
seed-scenario.md, part A): regions and agency kinds are real, 18 agencies, 114 service products.
Addresses, coordinates, host names and every answer are illustrative, not survey records.
"""

import datetime as dt
from zoneinfo import ZoneInfo

CYCLE = {
    "code": "kepatuhan-2021-belitung",
    "name": "Survei Kepatuhan Standar Pelayanan Publik 2021 – Belitung dan Belitung Timur",
    "year": 2021,
    "instrument": "ombudsman-2021",
}

# A second cycle whose data collection runs around the day the demo is loaded, so the visit plan,
# the enumerator's checklist and the review queue have something to show. Days are counted from
# the load date; the year in the name is the load date's.
LIVE_CYCLE = {
    "code": "kepatuhan-berjalan-belitung",
    "name": "Penilaian Kepatuhan {year} – Kabupaten Belitung (contoh berjalan)",
    "instrument": "ombudsman-2021",
    "region": "19.02",
}
# (phase kind, first day, last day) relative to the load date.
LIVE_PHASES = (
    ("sosialisasi", -40, -31),
    ("pendampingan", -30, -15),
    ("perbaikan", -40, -8),
    ("pengambilan_data", -7, 45),
    # An assumption of the demo: clarification runs alongside data collection, each agency
    # objecting once its visit is reviewed, so the demo shows objections and their decisions.
    ("klarifikasi", -10, 60),
    ("pengumuman", 90, 90),
)
# Where each visit stands. Visits not listed here are planned but not started.
LIVE_VISITS = {
    "disdukcapil-belitung": "approved",
    "dpmptsp-belitung": "received",
    "dinas-kesehatan-belitung": "has_issues",
    "dinas-pendidikan-belitung": "draft",
}
LIVE_REVIEW_COMMENT = "Foto P01 untuk produk SIP Tenaga Kesehatan buram; mohon difoto ulang."

# The office that runs the cycle; its staff are the demo's office accounts.
OFFICE = {
    "code": "ombudsman-babel",
    "name": "Ombudsman RI Perwakilan Kepulauan Bangka Belitung",
    "region": "19",
}

# (phase kind, first day, last day), from the seed scenario.
PHASES = (
    ("sosialisasi", dt.date(2021, 5, 5), dt.date(2021, 5, 20)),
    ("pendampingan", dt.date(2021, 5, 20), dt.date(2021, 6, 7)),
    ("perbaikan", dt.date(2021, 5, 5), dt.date(2021, 6, 11)),
    # From the second week of June to the last week of August 2021.
    ("pengambilan_data", dt.date(2021, 6, 7), dt.date(2021, 8, 27)),
    # An assumption: the seed gives no clarification dates, so agencies get September and
    # October to respond to the findings before the results are set.
    ("klarifikasi", dt.date(2021, 9, 1), dt.date(2021, 10, 29)),
    # The results were announced on 29 December 2021.
    ("pengumuman", dt.date(2021, 12, 29), dt.date(2021, 12, 31)),
)

# The scores as published: computed and released to the agencies before the announcement on
# 29 December 2021 (the computing and release days are assumptions), so the officer's report card
# and the public portal show them.
_WIB = ZoneInfo("Asia/Jakarta")
SCORES_COMPUTED = dt.datetime(2021, 12, 20, 14, 0, tzinfo=_WIB)
SCORES_RELEASED = dt.datetime(2021, 12, 22, 9, 0, tzinfo=_WIB)
ANNOUNCED = dt.datetime(2021, 12, 29, 10, 0, tzinfo=_WIB)

# Unannounced visits: the office aimed to finish the 18 agencies by the third week of June.
VISIT_DAYS = (dt.date(2021, 6, 8), dt.date(2021, 6, 25))
# Websites are checked from the office, during the rest of the data-collection window.
WEBSITE_CHECK_DAYS = (dt.date(2021, 6, 28), dt.date(2021, 8, 27))
TIME_ZONE = "Asia/Jakarta"  # Belitung is on WIB.

PROVINCE = {"code": "19", "name": "Kepulauan Bangka Belitung"}
REGENCIES = (
    {"code": "19.02", "name": "Kabupaten Belitung", "capital": "Tanjung Pandan"},
    {"code": "19.06", "name": "Kabupaten Belitung Timur", "capital": "Manggar"},
)

# Regional governments, one per region code (Government.region is one-to-one).
REGIONAL_GOVERNMENTS = (
    {
        "code": "pemprov-babel",
        "name": "Pemerintah Provinsi Kepulauan Bangka Belitung",
        "region": "19",
    },
    {"code": "pemkab-belitung", "name": "Pemerintah Kabupaten Belitung", "region": "19.02"},
    {
        "code": "pemkab-belitung-timur",
        "name": "Pemerintah Kabupaten Belitung Timur",
        "region": "19.06",
    },
)
# Central governments of the vertical offices, which count in no region's score.
CENTRAL_GOVERNMENTS = (
    {
        "code": "kementerian-atr-bpn",
        "name": "Kementerian Agraria dan Tata Ruang/Badan Pertanahan Nasional",
    },
    {"code": "polri", "name": "Kepolisian Negara Republik Indonesia"},
)

# (code, Indonesian name, English name)
AGENCY_KINDS = (
    (
        "dpmptsp",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "One-stop investment and licensing office",
    ),
    ("dinas-pendidikan", "Dinas Pendidikan", "Education office"),
    ("dinas-kesehatan", "Dinas Kesehatan", "Health office"),
    (
        "disdukcapil",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Population and civil registration office",
    ),
    ("kantor-pertanahan", "Kantor Pertanahan", "Land office"),
    ("polsek", "Kepolisian Sektor", "Sub-district police station"),
    ("puskesmas", "Pusat Kesehatan Masyarakat", "Community health centre"),
)

# The service unit of each agency kind: (code, name).
UNITS = {
    "dpmptsp": ("kantor-utama", "Ruang Pelayanan Perizinan Terpadu"),
    "dinas-pendidikan": ("kantor-utama", "Loket Pelayanan Dinas Pendidikan"),
    "dinas-kesehatan": ("kantor-utama", "Loket Pelayanan Dinas Kesehatan"),
    "disdukcapil": ("kantor-utama", "Ruang Pelayanan Administrasi Kependudukan"),
    "kantor-pertanahan": ("kantor-utama", "Loket Pelayanan Pertanahan"),
    "polsek": ("spkt", "Sentra Pelayanan Kepolisian Terpadu (SPKT)"),
    "puskesmas": ("kantor-utama", "Gedung Pelayanan Puskesmas"),
}

# Service products per agency kind: (code, name). 2 * (9 + 5 + 6 + 8 + 7 + 4) + 6 * 6 = 114.
PRODUCTS = {
    "dpmptsp": (
        ("pbg", "Persetujuan Bangunan Gedung (PBG)"),
        ("slf", "Sertifikat Laik Fungsi (SLF)"),
        ("nib", "Nomor Induk Berusaha (NIB) dan izin usaha melalui OSS"),
        ("izin-praktik-dokter", "Surat Izin Praktik Dokter"),
        ("izin-praktik-bidan", "Surat Izin Praktik Bidan"),
        ("izin-apotek", "Izin Apotek"),
        ("izin-klinik", "Izin Operasional Klinik"),
        ("izin-reklame", "Izin Penyelenggaraan Reklame"),
        ("tdup", "Tanda Daftar Usaha Pariwisata (TDUP)"),
    ),
    "dinas-pendidikan": (
        ("legalisir-ijazah", "Legalisir Ijazah dan Surat Tanda Tamat Belajar"),
        ("pindah-sekolah", "Surat Rekomendasi Pindah Sekolah"),
        ("izin-paud", "Izin Pendirian Satuan PAUD"),
        ("izin-lkp", "Izin Pendirian Lembaga Kursus dan Pelatihan"),
        ("pengganti-ijazah", "Surat Keterangan Pengganti Ijazah yang Hilang atau Rusak"),
    ),
    "dinas-kesehatan": (
        ("rekomendasi-praktik", "Rekomendasi Izin Praktik Tenaga Kesehatan"),
        ("sip-nakes", "Surat Izin Praktik (SIP) Tenaga Kesehatan"),
        ("rekomendasi-apotek", "Rekomendasi Izin Apotek dan Toko Obat"),
        ("sppirt", "Sertifikat Produksi Pangan Industri Rumah Tangga (SPP-IRT)"),
        ("laik-higiene", "Sertifikat Laik Higiene Sanitasi Jasa Boga dan Depot Air Minum"),
        ("penyuluhan-pangan", "Sertifikat Penyuluhan Keamanan Pangan"),
    ),
    "disdukcapil": (
        ("ktp-el", "Perekaman dan Pencetakan KTP-el"),
        ("kartu-keluarga", "Kartu Keluarga"),
        ("akta-kelahiran", "Akta Kelahiran"),
        ("akta-kematian", "Akta Kematian"),
        ("akta-perkawinan", "Akta Perkawinan"),
        ("kia", "Kartu Identitas Anak (KIA)"),
        ("surat-pindah", "Surat Keterangan Pindah"),
        ("legalisir-dokumen", "Legalisir Dokumen Kependudukan"),
    ),
    "kantor-pertanahan": (
        ("pendaftaran-pertama", "Pendaftaran Tanah Pertama Kali"),
        ("peralihan-hak", "Peralihan Hak atas Tanah (Jual Beli, Waris, Hibah)"),
        ("pengecekan-sertipikat", "Pengecekan Sertipikat"),
        ("hak-tanggungan", "Pendaftaran Hak Tanggungan Elektronik"),
        ("roya", "Penghapusan Hak Tanggungan (Roya)"),
        ("sertipikat-pengganti", "Penggantian Sertipikat Hilang atau Rusak"),
        ("pengukuran", "Pengukuran dan Pemetaan Bidang Tanah"),
    ),
    "polsek": (
        ("skck", "Surat Keterangan Catatan Kepolisian (SKCK)"),
        ("surat-kehilangan", "Surat Keterangan Tanda Lapor Kehilangan"),
        ("laporan-polisi", "Penerimaan Laporan Polisi dan Pengaduan Masyarakat"),
        ("izin-keramaian", "Surat Izin Keramaian dan Pemberitahuan Kegiatan Masyarakat"),
    ),
    "puskesmas": (
        ("pemeriksaan-umum", "Pemeriksaan Umum"),
        ("kia-kb", "Pelayanan Kesehatan Ibu dan Anak (KIA) dan Keluarga Berencana (KB)"),
        ("imunisasi", "Imunisasi"),
        ("kesehatan-gigi", "Pelayanan Kesehatan Gigi dan Mulut"),
        ("laboratorium", "Pemeriksaan Laboratorium"),
        ("surat-keterangan-sehat", "Surat Keterangan Sehat"),
    ),
}

# Belitung Timur's regional offices share one government complex.
BELTIM_OFFICES = "Kompleks Perkantoran Pemkab Belitung Timur, Jl. Jenderal Sudirman, Manggar 33512"

# The 18 agencies. `propensity` is the chance that an observed item is in order (0 to 1): it steers
# the generated answers so that the demo shows every zone, as a real round does.
PROVIDERS = (
    # Kabupaten Belitung (capital Tanjung Pandan).
    {
        "code": "dpmptsp-belitung",
        "name": "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Belitung",
        "kind": "dpmptsp",
        "region": "19.02",
        "government": "pemkab-belitung",
        "address": "Jl. Jenderal Sudirman No. 18, Tanjung Pandan, Belitung 33411",
        "location": ("-2.741520", "107.645870"),
        "website": "https://dpmptsp.belitungkab.go.id/",
        "propensity": 0.93,
    },
    {
        "code": "dinas-pendidikan-belitung",
        "name": "Dinas Pendidikan Kabupaten Belitung",
        "kind": "dinas-pendidikan",
        "region": "19.02",
        "government": "pemkab-belitung",
        "address": "Jl. Merdeka No. 9, Tanjung Pandan, Belitung 33411",
        "location": ("-2.736940", "107.637210"),
        "website": "https://disdik.belitungkab.go.id/",
        "propensity": 0.62,
    },
    {
        "code": "dinas-kesehatan-belitung",
        "name": "Dinas Kesehatan Kabupaten Belitung",
        "kind": "dinas-kesehatan",
        "region": "19.02",
        "government": "pemkab-belitung",
        "address": "Jl. Jenderal Sudirman No. 52, Tanjung Pandan, Belitung 33412",
        "location": ("-2.745310", "107.652480"),
        "website": "https://dinkes.belitungkab.go.id/",
        "propensity": 0.74,
    },
    {
        "code": "disdukcapil-belitung",
        "name": "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Belitung",
        "kind": "disdukcapil",
        "region": "19.02",
        "government": "pemkab-belitung",
        "address": "Jl. Anwar No. 3, Tanjung Pandan, Belitung 33411",
        "location": ("-2.739880", "107.641150"),
        "website": "https://disdukcapil.belitungkab.go.id/",
        "propensity": 0.95,
    },
    {
        "code": "kantor-pertanahan-belitung",
        "name": "Kantor Pertanahan Kabupaten Belitung",
        "kind": "kantor-pertanahan",
        "region": "19.02",
        "government": "kementerian-atr-bpn",
        "address": "Jl. Jenderal Sudirman No. 77, Tanjung Pandan, Belitung 33412",
        "location": ("-2.748620", "107.658030"),
        "website": "https://kab-belitung.atrbpn.go.id/",
        "propensity": 0.9,
    },
    {
        "code": "polsek-tanjung-pandan",
        "name": "Kepolisian Sektor Tanjung Pandan",
        "kind": "polsek",
        "region": "19.02",
        "government": "polri",
        "address": "Jl. Sriwijaya No. 21, Tanjung Pandan, Belitung 33411",
        "location": ("-2.734460", "107.634890"),
        "website": "https://polsek-tanjungpandan.polresbelitung.polri.go.id/",
        "propensity": 0.44,
    },
    {
        "code": "puskesmas-tanjung-pandan",
        "name": "Puskesmas Tanjung Pandan",
        "kind": "puskesmas",
        "region": "19.02",
        "government": "pemkab-belitung",
        "address": "Jl. Jenderal Sudirman No. 30, Tanjung Pandan, Belitung 33411",
        "location": ("-2.743170", "107.649260"),
        "website": "https://pkm-tanjungpandan.belitungkab.go.id/",
        "propensity": 0.86,
    },
    {
        "code": "puskesmas-air-saga",
        "name": "Puskesmas Air Saga",
        "kind": "puskesmas",
        "region": "19.02",
        "government": "pemkab-belitung",
        "address": "Jl. Air Saga, Desa Air Saga, Tanjung Pandan, Belitung 33413",
        "location": ("-2.712480", "107.676930"),
        "website": "https://pkm-airsaga.belitungkab.go.id/",
        "propensity": 0.6,
    },
    {
        "code": "puskesmas-membalong",
        "name": "Puskesmas Membalong",
        "kind": "puskesmas",
        "region": "19.02",
        "government": "pemkab-belitung",
        "address": "Jl. Raya Membalong, Desa Membalong, Membalong, Belitung 33452",
        "location": ("-2.966410", "107.654720"),
        "website": "https://pkm-membalong.belitungkab.go.id/",
        "propensity": 0.32,
    },
    # Kabupaten Belitung Timur (capital Manggar).
    {
        "code": "dpmptsp-belitung-timur",
        "name": "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Belitung Timur",
        "kind": "dpmptsp",
        "region": "19.06",
        "government": "pemkab-belitung-timur",
        "address": BELTIM_OFFICES,
        "location": ("-2.872340", "108.281560"),
        "website": "https://dpmptsp.belitungtimurkab.go.id/",
        "propensity": 0.88,
    },
    {
        "code": "dinas-pendidikan-belitung-timur",
        "name": "Dinas Pendidikan Kabupaten Belitung Timur",
        "kind": "dinas-pendidikan",
        "region": "19.06",
        "government": "pemkab-belitung-timur",
        "address": BELTIM_OFFICES,
        "location": ("-2.873110", "108.283020"),
        "website": "https://disdik.belitungtimurkab.go.id/",
        "propensity": 0.4,
    },
    {
        "code": "dinas-kesehatan-belitung-timur",
        "name": "Dinas Kesehatan Kabupaten Belitung Timur",
        "kind": "dinas-kesehatan",
        "region": "19.06",
        "government": "pemkab-belitung-timur",
        "address": "Jl. Lipat Kajang No. 5, Manggar, Belitung Timur 33512",
        "location": ("-2.879650", "108.272870"),
        "website": "https://dinkes.belitungtimurkab.go.id/",
        "propensity": 0.66,
    },
    {
        "code": "disdukcapil-belitung-timur",
        "name": "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Belitung Timur",
        "kind": "disdukcapil",
        "region": "19.06",
        "government": "pemkab-belitung-timur",
        "address": BELTIM_OFFICES,
        "location": ("-2.871870", "108.280140"),
        "website": "https://disdukcapil.belitungtimurkab.go.id/",
        "propensity": 0.9,
    },
    {
        "code": "kantor-pertanahan-belitung-timur",
        "name": "Kantor Pertanahan Kabupaten Belitung Timur",
        "kind": "kantor-pertanahan",
        "region": "19.06",
        "government": "kementerian-atr-bpn",
        "address": "Jl. Jenderal Sudirman No. 12, Manggar, Belitung Timur 33512",
        "location": ("-2.876420", "108.276390"),
        "website": "https://kab-belitungtimur.atrbpn.go.id/",
        "propensity": 0.8,
    },
    {
        "code": "polsek-manggar",
        "name": "Kepolisian Sektor Manggar",
        "kind": "polsek",
        "region": "19.06",
        "government": "polri",
        "address": "Jl. Pelabuhan No. 2, Manggar, Belitung Timur 33512",
        "location": ("-2.881930", "108.266850"),
        "website": "https://polsek-manggar.polresbeltim.polri.go.id/",
        "propensity": 0.56,
    },
    {
        "code": "puskesmas-manggar",
        "name": "Puskesmas Manggar",
        "kind": "puskesmas",
        "region": "19.06",
        "government": "pemkab-belitung-timur",
        "address": "Jl. Lipat Kajang, Manggar, Belitung Timur 33512",
        "location": ("-2.884270", "108.270910"),
        "website": "https://pkm-manggar.belitungtimurkab.go.id/",
        "propensity": 0.8,
    },
    {
        "code": "puskesmas-gantung",
        "name": "Puskesmas Gantung",
        "kind": "puskesmas",
        "region": "19.06",
        "government": "pemkab-belitung-timur",
        "address": "Jl. Raya Gantung, Desa Gantung, Gantung, Belitung Timur 33562",
        "location": ("-2.969820", "108.153460"),
        "website": "https://pkm-gantung.belitungtimurkab.go.id/",
        "propensity": 0.52,
    },
    {
        "code": "puskesmas-kelapa-kampit",
        "name": "Puskesmas Kelapa Kampit",
        "kind": "puskesmas",
        "region": "19.06",
        "government": "pemkab-belitung-timur",
        "address": "Jl. Raya Kelapa Kampit, Desa Mentawak, Kelapa Kampit, Belitung Timur 33571",
        "location": ("-2.708350", "108.058790"),
        "website": "https://pkm-kelapakampit.belitungtimurkab.go.id/",
        "propensity": 0.3,
    },
)

# Shifts of the propensity per instrument dimension, after what compliance surveys typically
# report: facilities for vulnerable groups and published SKM results are the most often missing,
# staff attributes the least.
DIMENSION_BIAS = {
    "pelayanan-khusus": -0.12,
    "evaluasi": -0.08,
    "pengaduan": -0.04,
    "atribut": 0.08,
    "sarana": 0.05,
}
# Share of N/A answers where an indicator allows N/A (e.g. no queue needed at a small office).
NOT_APPLICABLE_RATE = 0.12
# Fixed so that every load generates the same answers.
ANSWER_SEED = "patuh-demo-2021"

# Demo accounts only: every one shares this password, which the login page of a demo shows.
DEMO_PASSWORD = "patuh-demo"  # noqa: S105
DEMO_URL = "http://127.0.0.1:8000"
# (username, role, first name, last name, provider codes for an agency officer)
USERS = (
    ("admin", "admin", "Admin", "Demo", ()),
    ("koordinator", "coordinator", "Koordinator", "Demo", ()),
    ("enumerator", "enumerator", "Enumerator", "Demo", ()),
    ("reviewer", "reviewer", "Reviewer", "Demo", ()),
    ("petugas-disdukcapil", "agency_officer", "Petugas", "Disdukcapil", ("disdukcapil-belitung",)),
)
