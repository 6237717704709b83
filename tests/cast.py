"""The fixed cast of users, each with the reason it exists.

tests/conftest.py offers each member as a fixture of the same name, made afresh for every test;
everyone() makes the whole cast at once, for data shared by many tests (tests/access/conftest.py).
"""

from patuh.accounts.models import Office, Role, User
from patuh.registry.models import Provider
from tests import factories


def _user(username: str, role: str, **extra) -> User:
    # Everyone has an address, so notifications reach the cast as they would real people.
    return User.objects.create_user(
        username=username,
        password="pass-" + username,
        email=f"{username}@example.go.id",
        role=role,
        **extra,
    )


def provider_a() -> Provider:
    return factories.provider("disdukcapil-a")


def provider_b() -> Provider:
    return factories.provider("dpmptsp-b")


def office() -> Office:
    """The office that runs the cycles the tests look at; the office staff below work there."""
    return factories.office()


def admin_user() -> User:
    """Runs the system: may see and change everything."""
    return _user("admin", Role.ADMIN, is_staff=True, is_superuser=True)


def coordinator(of_office: Office) -> User:
    """Plans and runs a cycle for the office; sees unpublished results."""
    return _user("coordinator", Role.COORDINATOR, office=of_office)


def enumerator(of_office: Office) -> User:
    """Visits units and answers indicators; office staff, but with the narrowest view."""
    return _user("enumerator", Role.ENUMERATOR, office=of_office)


def unassigned_enumerator(of_office: Office) -> User:
    """Another enumerator of the office, assigned no visit: must not reach a colleague's."""
    return _user("enumerator-unassigned", Role.ENUMERATOR, office=of_office)


def reviewer(of_office: Office) -> User:
    """Checks submitted answers; sees unpublished results."""
    return _user("reviewer", Role.REVIEWER, office=of_office)


def evaluator(of_office: Office) -> User:
    """Scores service units in a performance evaluation; sees its office's unpublished results."""
    return _user("evaluator", Role.EVALUATOR, office=of_office)


def coordinator_elsewhere() -> User:
    """Coordinates for another office: must see nothing of this office's cycles."""
    elsewhere = factories.office("ombudsman-sumsel", "Ombudsman RI Perwakilan Sumatera Selatan")
    return _user("coordinator-elsewhere", Role.COORDINATOR, office=elsewhere)


def officer_a(of_provider: Provider) -> User:
    """Speaks for provider A: must never see another provider, a plan or unpublished results."""
    user = _user("officer-a", Role.AGENCY_OFFICER)
    user.providers.add(of_provider)
    return user


def officer_b(of_provider: Provider) -> User:
    """Speaks for provider B, to prove officer A's view does not leak into B's and back."""
    user = _user("officer-b", Role.AGENCY_OFFICER)
    user.providers.add(of_provider)
    return user


def outsider() -> User:
    """Has an account but no role: sees nothing beyond the login page."""
    return User.objects.create_user(username="outsider", password="pass-outsider", role="")


def everyone() -> dict:
    """The whole cast by fixture name: providers A and B, the office and every user."""
    a, b, the_office = provider_a(), provider_b(), office()
    return {
        "provider_a": a,
        "provider_b": b,
        "office": the_office,
        "coordinator": coordinator(the_office),
        "outsider": outsider(),
        "officer_a": officer_a(a),
        "officer_b": officer_b(b),
        "enumerator": enumerator(the_office),
        "unassigned_enumerator": unassigned_enumerator(the_office),
        "reviewer": reviewer(the_office),
        "evaluator": evaluator(the_office),
        "coordinator_elsewhere": coordinator_elsewhere(),
        "admin_user": admin_user(),
    }
