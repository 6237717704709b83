"""The demo's 2025 Opini Ombudsman round (Peraturan Ombudsman 61/2025) in Belitung and Belitung
Timur: plain data only; patuh.demo.opini loads it.

Scope as the Ombudsman's regional reports describe it: per regional government the education,
social and health sectors (the Dinas, a school, the regional hospital), plus vertical offices
(Polres and Kantor Pertanahan) scored per unit. Names of real institutions; addresses, numbers and
every answer are illustrative, not survey records.
"""

import datetime as dt
from zoneinfo import ZoneInfo

CYCLE = {
    "code": "opini-2025-belitung",
    "name": "Penilaian Maladministrasi Penyelenggaraan Pelayanan Publik 2025 – Belitung dan"
    " Belitung Timur",
    "year": 2025,
    "instrument": "opini-2025",
}

# (phase kind, first day, last day). The first national results were released on 29 January 2026
# and handed to the regions in February; the field dates are assumptions.
PHASES = (
    ("sosialisasi", dt.date(2025, 5, 5), dt.date(2025, 5, 23)),
    ("pengambilan_data", dt.date(2025, 7, 1), dt.date(2025, 10, 31)),
    ("klarifikasi", dt.date(2025, 11, 10), dt.date(2025, 12, 12)),
    ("pengumuman", dt.date(2026, 1, 29), dt.date(2026, 2, 27)),
)
_WIB = ZoneInfo("Asia/Jakarta")
SCORES_COMPUTED = dt.datetime(2026, 1, 15, 14, 0, tzinfo=_WIB)
SCORES_RELEASED = dt.datetime(2026, 1, 20, 9, 0, tzinfo=_WIB)
ANNOUNCED = dt.datetime(2026, 1, 29, 10, 0, tzinfo=_WIB)
# Staff interviews and document checks, by unit.
VISIT_DAYS = (dt.date(2025, 7, 14), dt.date(2025, 9, 26))
ANSWER_SEED = "opini-2025"

# (code, Indonesian name, English name): kinds the 2021 round did not have.
AGENCY_KINDS = (
    ("dinas-sosial", "Dinas Sosial", "Social affairs office"),
    ("rsud", "Rumah Sakit Umum Daerah", "Regional public hospital"),
    ("sekolah", "Sekolah Menengah Pertama Negeri", "State junior secondary school"),
    ("polres", "Kepolisian Resor", "District police"),
)
UNITS = {
    "dinas-sosial": ("kantor-utama", "Ruang Pelayanan Dinas Sosial"),
    "rsud": ("rawat-jalan", "Instalasi Rawat Jalan"),
    "sekolah": ("tata-usaha", "Ruang Tata Usaha"),
    "polres": ("spkt", "Sentra Pelayanan Kepolisian Terpadu (SPKT)"),
}

# New providers; `propensity` steers the generated answers as in the 2021 seed.
PROVIDERS = (
    {
        "code": "dinas-sosial-belitung",
        "name": "Dinas Sosial Kabupaten Belitung",
        "kind": "dinas-sosial",
        "region": "19.02",
        "government": "pemkab-belitung",
        "address": "Jl. Jenderal Sudirman No. 41, Tanjung Pandan, Belitung 33412",
    },
    {
        "code": "rsud-marsidi-judono",
        "name": "RSUD dr. H. Marsidi Judono Kabupaten Belitung",
        "kind": "rsud",
        "region": "19.02",
        "government": "pemkab-belitung",
        "address": "Jl. Jenderal Sudirman Km. 5,5, Tanjung Pandan, Belitung 33411",
    },
    {
        "code": "smpn-1-tanjung-pandan",
        "name": "SMP Negeri 1 Tanjung Pandan",
        "kind": "sekolah",
        "region": "19.02",
        "government": "pemkab-belitung",
        "address": "Jl. Merdeka No. 3, Tanjung Pandan, Belitung 33411",
    },
    {
        "code": "dinas-sosial-belitung-timur",
        "name": "Dinas Sosial Kabupaten Belitung Timur",
        "kind": "dinas-sosial",
        "region": "19.06",
        "government": "pemkab-belitung-timur",
        "address": "Kompleks Perkantoran Pemkab Belitung Timur, Manggar 33512",
    },
    {
        "code": "rsud-belitung-timur",
        "name": "RSUD Muhammad Zein Kabupaten Belitung Timur",
        "kind": "rsud",
        "region": "19.06",
        "government": "pemkab-belitung-timur",
        "address": "Jl. Raya Manggar–Gantung, Manggar, Belitung Timur 33512",
    },
    {
        "code": "smpn-1-manggar",
        "name": "SMP Negeri 1 Manggar",
        "kind": "sekolah",
        "region": "19.06",
        "government": "pemkab-belitung-timur",
        "address": "Jl. Pelabuhan, Manggar, Belitung Timur 33512",
    },
    {
        "code": "polres-belitung",
        "name": "Kepolisian Resor Belitung",
        "kind": "polres",
        "region": "19.02",
        "government": "polri",
        "address": "Jl. Melati No. 1, Tanjung Pandan, Belitung 33411",
    },
)

# Every provider in the round's scope, with its propensity. The 2021 providers keep their codes.
SCOPE = {
    "dinas-pendidikan-belitung": 0.86,
    "dinas-kesehatan-belitung": 0.9,
    "dinas-sosial-belitung": 0.8,
    "rsud-marsidi-judono": 0.84,
    "smpn-1-tanjung-pandan": 0.93,
    "dinas-pendidikan-belitung-timur": 0.7,
    "dinas-kesehatan-belitung-timur": 0.74,
    "dinas-sosial-belitung-timur": 0.62,
    "rsud-belitung-timur": 0.68,
    "smpn-1-manggar": 0.78,
    "polres-belitung": 0.88,
    "kantor-pertanahan-belitung": 0.83,
}

# The Ombudsman's supervision products addressed to the round's governments and vertical offices,
# registered in the follow-up tracker, whose share of items verified done gives each its
# compliance level (PATUH_FOLLOWUP_HIGH / _MEDIUM). Belitung Timur left half of a rekomendasi
# open, so its opinion is not "Tanpa Maladministrasi"; the land office followed up one item of
# three. Numbers and texts are illustrative.
PRODUCTS = (
    {
        "kind": "saran-perbaikan",
        "number": "0031/SRN/0395.2025/BB/III/2025",
        "issued_on": dt.date(2025, 3, 10),
        "deadline": dt.date(2025, 5, 9),
        "government": "pemkab-belitung",
        "items": (
            "Menetapkan standar pelayanan Dinas Sosial sesuai PermenPAN-RB 15/2014.",
            "Mengintegrasikan kanal pengaduan RSUD dengan SP4N-LAPOR!.",
        ),
        "verified": 2,
    },
    {
        "kind": "rekomendasi",
        "number": "0004/REK/0395.2025/BB/IV/2025",
        "issued_on": dt.date(2025, 4, 14),
        "deadline": None,
        "government": "pemkab-belitung-timur",
        "items": (
            "Memulihkan hak penerima bantuan sosial yang dicoret tanpa verifikasi lapangan.",
            "Menjatuhkan sanksi kepada pelaksana yang memungut biaya pendaftaran bantuan.",
        ),
        "verified": 1,
    },
    {
        "kind": "tindakan-korektif",
        "number": "LAHP 0019/LM/0395.2025/BB/II/2025",
        "issued_on": dt.date(2025, 2, 17),
        "deadline": dt.date(2025, 4, 18),
        "provider": "polres-belitung",
        "items": ("Menerbitkan surat tanda lapor kehilangan tanpa biaya dan tanpa penundaan.",),
        "verified": 1,
    },
    {
        "kind": "saran-penyempurnaan",
        "number": "0008/SPN/0395.2025/BB/VI/2025",
        "issued_on": dt.date(2025, 6, 2),
        "deadline": dt.date(2025, 8, 1),
        "provider": "kantor-pertanahan-belitung",
        "items": (
            "Mengumumkan jangka waktu dan biaya pengecekan sertipikat di loket.",
            "Menyediakan antrean daring untuk layanan pengukuran.",
            "Menetapkan petugas pengelola pengaduan.",
        ),
        "verified": 1,
    },
)

# The two public surveys of the opinion, run by link and QR at these units in August and
# September 2025: (provider, survey kind, respondents). Their indexes are the units' PR06/KP01.
SURVEYS = (
    ("polres-belitung", "persepsi-maladministrasi", 96),
    ("polres-belitung", "kepercayaan-masyarakat", 124),
    ("rsud-belitung-timur", "persepsi-maladministrasi", 88),
    ("rsud-belitung-timur", "kepercayaan-masyarakat", 107),
)
SURVEY_DAYS = (dt.date(2025, 8, 4), dt.date(2025, 9, 26))
