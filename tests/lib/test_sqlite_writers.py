"""SQLite writers queue on a lock beside the database file (patuh.lib.sqlite), held from the
start of a transaction to its end, so the next writer starts the moment it ends."""

import fcntl
import os
import threading

import pytest
from django.db import connection, connections, transaction

from patuh.accounts.models import Office

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's writers only"),
]


def lock_is_free() -> bool:
    """Whether another process could take the writers' lock now (a separate open file
    description stands for one)."""
    descriptor = os.open(f"{connection.settings_dict['NAME']}.write-lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(descriptor)
    return True


def test_a_transaction_holds_the_lock_until_it_commits():
    assert lock_is_free()
    with transaction.atomic():
        Office.objects.create(code="a", name="A")
        assert not lock_is_free()
    assert lock_is_free()
    assert Office.objects.filter(code="a").exists()


def test_a_transaction_that_fails_gives_the_lock_back():
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        Office.objects.create(code="b", name="B")
        assert not lock_is_free()
        1 / 0  # noqa: B018 - a fault half-way through the transaction
    assert lock_is_free()
    assert not Office.objects.filter(code="b").exists()


def test_a_second_writer_waits_for_the_first_to_finish():
    first_wrote, first_may_commit = threading.Event(), threading.Event()
    order = []

    def first():
        with transaction.atomic():
            Office.objects.create(code="first", name="First")
            first_wrote.set()
            first_may_commit.wait(10)
            order.append("first commits")
        connections.close_all()

    def second():
        first_wrote.wait(10)
        with transaction.atomic():
            order.append("second starts")
            Office.objects.create(code="second", name="Second")
        connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_wrote.wait(10)
    # However long the second writer is given, it cannot start while the first holds the lock.
    threads[1].join(0.3)
    assert order == []
    first_may_commit.set()
    for thread in threads:
        thread.join(10)
    assert order == ["first commits", "second starts"]
    assert set(Office.objects.values_list("code", flat=True)) >= {"first", "second"}
