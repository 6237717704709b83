from django.urls import reverse


def test_login_page_renders_for_anonymous_users(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert 'name="username"' in response.text
    assert 'name="password"' in response.text
    assert "Masuk" in response.text


def test_coordinator_logs_in_and_lands_on_home(client, coordinator):
    response = client.post(
        reverse("login"), {"username": "coordinator", "password": "pass-coordinator"}, follow=True
    )

    assert response.redirect_chain == [(reverse("start"), 302), (reverse("home"), 302)]
    assert response.context["user"] == coordinator


def test_wrong_password_keeps_the_user_out_with_an_error(client, coordinator):
    response = client.post(reverse("login"), {"username": "coordinator", "password": "wrong"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Nama pengguna atau kata sandi salah. Huruf besar dan kecil dibedakan: pastikan caps "
        "lock tidak menyala."
    ]
    assert "nama pengguna nama pengguna" not in response.text.lower()
    assert not response.context["user"].is_authenticated


def test_login_returns_to_the_page_asked_for(client, coordinator, cycle):
    page = reverse("cycle_detail", args=[cycle.code])

    response = client.post(
        reverse("login"),
        {"username": "coordinator", "password": "pass-coordinator", "next": page},
    )

    assert response.url == page


def test_logout_is_a_post_form_that_ends_the_session(client, coordinator):
    client.force_login(coordinator)
    home = client.get(reverse("home"))
    assert f'action="{reverse("logout")}"' in home.text

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response.url == reverse("login")
    # Signed out, the home page is the public one again.
    assert f'action="{reverse("logout")}"' not in client.get(reverse("home")).text


def test_language_can_be_switched_before_logging_in(client):
    response = client.post(
        reverse("switch_language"), {"language": "en", "next": "/accounts/login/"}
    )

    assert response.status_code == 302
    page = client.get(reverse("login"))
    assert "Log in" in page.text
    assert "Masuk" not in page.text
