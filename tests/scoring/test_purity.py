import subprocess
import sys


def test_engine_and_instrument_definitions_import_no_django():
    # The scoring engine is plain Python so it can be tested, benchmarked and reused alone.
    script = (
        "import sys\n"
        "import patuh.scoring.engine, patuh.scoring.answers_file, patuh.instruments.definition\n"
        "import patuh.instruments.loading, patuh.satisfaction.skm\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
