"""Pages of a sample agency website, whose service-standard information is spread over pages."""

from tests.webcheck.servers import Reply, redirect

HOME = """<!doctype html>
<html lang="id">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Dinas Kependudukan dan Pencatatan Sipil Kabupaten Belitung</title>
</head>
<body>
  <nav>
    <a href="/layanan/ktp-el">Layanan KTP-el</a>
    <a href="/alur">Alur Pelayanan</a>
    <a href="/maklumat">Maklumat Pelayanan</a>
    <a href="/pengaduan">Pengaduan</a>
    <a href="/skm">Survei Kepuasan Masyarakat</a>
    <a href="/berita/1">Berita</a>
    <a href="/unduh/sp.pdf">Standar Pelayanan (PDF)</a>
  </nav>
  <h1>Selamat datang</h1>
  <footer>
    <p>Jl. Jenderal Sudirman No. 5, Tanjungpandan</p>
    <p><a href="tel:+6271921234">(0719) 21234</a></p>
  </footer>
</body>
</html>"""

PAGES = {
    "/layanan/ktp-el": """<html><body><h1>Penerbitan KTP-el</h1>
      <h2>PERSYARATAN</h2><ul><li>Fotokopi Kartu Keluarga</li></ul>
      <h2>Jangka Waktu Penyelesaian</h2><p>1 hari kerja</p>
      <h2>Biaya / Tarif</h2><p>Tidak dipungut biaya</p></body></html>""",
    "/alur": "<html><body><h1>Prosedur</h1><p>Pemohon mengambil nomor antrean.</p></body></html>",
    "/maklumat": "<html><body><h1>Maklumat Pelayanan</h1><p>Kami sanggup…</p></body></html>",
    "/pengaduan": """<html><body><h1>Pengaduan</h1>
      <p>Sampaikan pengaduan melalui <a href="https://www.lapor.go.id/">SP4N-LAPOR!</a>,
      surel <a href="mailto:aduan@disdukcapil.belitung.go.id">aduan@disdukcapil.belitung.go.id</a>
      atau <a href="https://wa.me/6281234567890">WhatsApp</a>.</p></body></html>""",
    "/skm": "<html><body><h1>Hasil Survei Kepuasan Masyarakat</h1><p>IKM 88,2</p></body></html>",
    "/berita/1": "<html><body><p>Berita</p></body></html>",
}


def complete_site(https_origin: str) -> dict:
    """Routes of a site that does everything right; HTTP redirects to `https_origin`."""
    routes = {
        "http:/": redirect(https_origin + "/"),
        "/": Reply(HOME, headers={"Strict-Transport-Security": "max-age=31536000"}),
        "/robots.txt": Reply("User-agent: *\nDisallow: /admin\n", content_type="text/plain"),
    }
    routes.update({path: Reply(body) for path, body in PAGES.items()})
    return routes
