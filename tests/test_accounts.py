from organizations.models import User


def test_full_name_is_in_vietnamese_order():
    assert User(first_name="Thị Lan", last_name="Nguyễn").get_full_name() == "Nguyễn Thị Lan"
    assert User(first_name="", last_name="").get_full_name() == ""


def test_demo_cadre_is_greeted_by_their_vietnamese_name(login_as, demo_user):
    cadre = demo_user("cadre_ward")
    html = login_as("cadre_ward").get("/cadre/").content.decode()
    assert cadre.person.full_name in html
