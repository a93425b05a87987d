"""Settings of bench/province.py's server: production's (config.settings, DEBUG off) on the bench's
database, with the bench's two extra views.

bench/province.py passes the environment: DATABASE_URL naming the bench database, and a SECRET_KEY it
generated, the same for its own process and the workers, or the sessions it writes would be refused by
them. REDIS_URL, when set, gives Redis as cache and broker as in production; without it the broker is
kombu's filesystem transport in the bench's temporary folder (BENCH_BROKER_DIR), not the checkout's var/.
"""

import os
import secrets
import warnings

os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

from config.settings import *  # noqa: E402, F403

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = ["127.0.0.1"]
SECURE_SSL_REDIRECT = False
ROOT_URLCONF = "bench.province_urls"
# The bench requests pages, not static files: WhiteNoise's warning that collectstatic has not run is noise.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

if not REDIS_URL and os.environ.get("BENCH_BROKER_DIR"):  # noqa: F405
    _broker = os.environ["BENCH_BROKER_DIR"]
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": f"{_broker}/queue",
        "data_folder_out": f"{_broker}/queue",
        "processed_folder": f"{_broker}/processed",
        "store_processed": False,
        "control_folder": f"{_broker}/control",
    }
