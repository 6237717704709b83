"""The demo data of the seed scenario's part B: the provincial government of Kepulauan Bangka
Belitung evaluates its service units (PEKPPP) every year since 2017, with its Biro Organisasi.

Plain data only; patuh.demo.pekppp loads it. The office, the two providers and the 2020
evaluation days are from the seed scenario; addresses, coordinates, products, the dates of the
other years and every score are illustrative, not evaluation records.
"""

OFFICE = {
    "code": "biro-organisasi-babel",
    "name": "Biro Organisasi Setda Provinsi Kepulauan Bangka Belitung",
    "region": "19",
}
# The provincial government (patuh.demo.seed.REGIONAL_GOVERNMENTS) whose units are evaluated.
GOVERNMENT = "pemprov-babel"
# (code, Indonesian name, English name); DPMPTSP is already among the Ombudsman demo's kinds.
AGENCY_KINDS = (("bakuda", "Badan Keuangan Daerah", "Regional finance agency"),)

PANGKALPINANG_OFFICES = (
    "Kompleks Perkantoran Gubernur, Jl. Pulau Bangka, Air Itam, Pangkalpinang 33149"
)

# Each provider with its evaluated units (code, name, products for the satisfaction survey).
PROVIDERS = (
    {
        "code": "dpmptsp-babel",
        "name": (
            "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"
            " Provinsi Kepulauan Bangka Belitung"
        ),
        "kind": "dpmptsp",
        "region": "19",
        "units": (
            {
                "code": "upp-dpmptsp",
                "name": "Unit Pelayanan Perizinan Terpadu Satu Pintu",
                "address": PANGKALPINANG_OFFICES,
                "location": ("-2.122810", "106.116510"),
                "products": (
                    ("izin-usaha-perikanan", "Surat Izin Usaha Perikanan"),
                    ("izin-trayek-akdp", "Izin Trayek Angkutan Antarkota dalam Provinsi"),
                    ("rekomendasi-teknis-lingkungan", "Rekomendasi Teknis Lingkungan Hidup"),
                ),
            },
        ),
    },
    {
        "code": "bakuda-babel",
        "name": "Badan Keuangan Daerah Provinsi Kepulauan Bangka Belitung",
        "kind": "bakuda",
        "region": "19",
        "units": (
            {
                "code": "uptb-ppd-pangkalpinang",
                "name": "UPTB Pengelolaan Pendapatan Daerah Pangkalpinang",
                "address": "Jl. Jenderal Sudirman No. 1, Pangkalpinang 33126",
                "location": ("-2.128470", "106.112390"),
                "products": (
                    ("pkb", "Pembayaran Pajak Kendaraan Bermotor"),
                    ("bbnkb", "Bea Balik Nama Kendaraan Bermotor"),
                ),
            },
        ),
    },
)

# (username, role, first name, last name, provider codes for an agency officer); the office
# staff work for OFFICE.
USERS = (
    ("koordinator-biro", "coordinator", "Koordinator", "Biro Organisasi", ()),
    ("evaluator-biro", "evaluator", "Evaluator", "Biro Organisasi", ()),
    ("petugas-dpmptsp-babel", "agency_officer", "Petugas", "DPMPTSP Provinsi", ("dpmptsp-babel",)),
    ("petugas-bakuda-babel", "agency_officer", "Petugas", "BAKUDA Provinsi", ("bakuda-babel",)),
)

# The evaluations done: one cycle a year under PermenPAN-RB 17/2017, the fourth in 2020. Each
# has its self-assessment, evaluation, verification and announcement phases; the units were
# evaluated on the days given (2020: 15–16 September, from the seed), one unit a day in the order
# of PROVIDERS, and their scores released to them at the time given (WIB).
HISTORY = (
    # year, self-assessment opens and closes, evaluation days, released
    (2017, "2017-08-01", "2017-08-31", ("2017-09-19", "2017-09-20"), "2017-11-20 10:00"),
    (2018, "2018-08-01", "2018-08-31", ("2018-09-18", "2018-09-19"), "2018-11-19 10:00"),
    (2019, "2019-08-01", "2019-08-30", ("2019-09-17", "2019-09-18"), "2019-11-18 10:00"),
    (2020, "2020-08-03", "2020-08-31", ("2020-09-15", "2020-09-16"), "2020-11-23 10:00"),
)
HISTORY_INSTRUMENT = "pekppp-2017"
HISTORY_CODE = "pekppp-{year}-babel"
HISTORY_NAME = "Evaluasi Kinerja Unit Pelayanan Publik {year} – Provinsi Kepulauan Bangka Belitung"

# Where each unit started in 2017: the share of the top score its indicators reach on average.
# Every later year each indicator below 5 goes up one level with the chance `GAIN`, never down:
# the year-on-year gains in standards and facilities the province looks for.
START = {"upp-dpmptsp": 0.56, "uptb-ppd-pangkalpinang": 0.44}
GAIN = 0.3
SCORE_SEED = "patuh-demo-pekppp"

# The running evaluation under PermenPAN-RB 29/2022: its self-assessment is open on the day the
# demo is loaded (days counted from then); the year is the load date's.
LIVE = {
    "code": "pekppp-berjalan-babel",
    "name": "Evaluasi Kinerja Pelayanan Publik {year} – Provinsi Kepulauan Bangka Belitung",
    "instrument": "pekppp-2022",
}
LIVE_PHASES = (
    ("penilaian_mandiri", -14, 16),
    ("evaluasi", 17, 30),
    ("verifikasi", 24, 30),
    ("pengumuman", 60, 60),
)
# BAKUDA's unit has submitted its self-assessment and the evaluator has begun on it; the
# DPMPTSP's officer has filled the first LIVE_DRAFTED indicators of its draft.
LIVE_SUBMITTED = "uptb-ppd-pangkalpinang"
# What the units write to explain their self-scores, drawn in turn.
EXPLANATIONS = (
    "Sudah berjalan dan ditetapkan dengan keputusan kepala unit; bukti terlampir.",
    "Dilaksanakan sejak awal tahun dan dibahas dalam rapat evaluasi triwulan.",
    "Sebagian sudah berjalan; penyempurnaan ditargetkan selesai akhir tahun.",
    "Diumumkan di ruang pelayanan dan di situs web; lihat tautan.",
)
LIVE_DRAFTED = 10
LIVE_EVALUATED = 6
# A satisfaction survey of the DPMPTSP's unit, open around the load date, with its responses:
# the evidence the SKM indicators (6.a.B, 7.a.T) offer.
LIVE_SURVEY = {
    "unit": "upp-dpmptsp",
    "title": "SKM Semester I",
    "opens": -45,
    "closes": 45,
    "population": 420,
    "responses": 64,
}
