"""Evidence in an S3-compatible bucket: a real S3 server (moto) on loopback, no mocks inside."""

import io

import boto3
import pytest
from django.test import override_settings
from django.urls import reverse
from moto.server import ThreadedMotoServer
from PIL import Image

from tests.fieldwork.conftest import photo_here, upload

BUCKET = "patuh-evidence"


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_storage(s3_endpoint):
    credentials = {"aws_access_key_id": "patuh", "aws_secret_access_key": "patuh-secret"}
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **credentials)
    client.create_bucket(Bucket=BUCKET)
    options = {
        "bucket_name": BUCKET,
        "endpoint_url": s3_endpoint,
        "region_name": "us-east-1",
        "access_key": credentials["aws_access_key_id"],
        "secret_key": credentials["aws_secret_access_key"],
        "default_acl": "private",
        "file_overwrite": False,
    }
    storages = {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        yield client
    objects = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    for item in objects:
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


@pytest.mark.django_db
def test_a_photo_is_stored_in_the_bucket_and_streamed_back_without_location(
    client, s3_storage, visit, enumerator, reviewer
):
    data = photo_here()
    evidence, _ = upload(visit, enumerator, data)

    keys = sorted(item["Key"] for item in s3_storage.list_objects_v2(Bucket=BUCKET)["Contents"])
    assert keys == sorted([evidence.file.name, evidence.display.name, evidence.thumbnail.name])
    stored = s3_storage.get_object(Bucket=BUCKET, Key=evidence.file.name)["Body"].read()
    assert stored == data
    grants = s3_storage.get_object_acl(Bucket=BUCKET, Key=evidence.file.name)["Grants"]
    assert all("AllUsers" not in str(grant.get("Grantee")) for grant in grants)

    client.force_login(reviewer)
    display = client.get(reverse("fieldwork:evidence", args=[evidence.uuid, "display"]))
    shown = b"".join(display.streaming_content)
    assert dict(Image.open(io.BytesIO(shown)).getexif()) == {}
