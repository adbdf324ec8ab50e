"""``python -m app.demo_users``: create one demo user per role with random passwords, printed once.

Demo mode only. Passwords are never stored in clear or written to a file; run with --reset to issue new ones.
"""

from __future__ import annotations

import argparse
import secrets
import sys

from app import create_app
from app.users import ROLES, create_user, db, find_user

DEMO_USERS = {
    "social_worker": ("sam.social", "Sam Okafor"),
    "early_help": ("erin.earlyhelp", "Erin Walsh"),
    "front_door": ("farah.frontdoor", "Farah Iqbal"),
    "analyst": ("alex.analyst", "Alex Moreno"),
    "data_steward": ("dana.steward", "Dana Price"),
    "admin": ("ada.admin", "Ada Lovelace"),
    "leader": ("lee.leader", "Lee Adeyemi"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reset", action="store_true", help="issue new passwords to the demo users")
    args = parser.parse_args(argv)
    app = create_app()
    if app.config["FAMILYGRAPH_MODE"] != "demo":
        print("demo users are for demo mode only (FAMILYGRAPH_MODE=demo)", file=sys.stderr)
        return 2
    with app.app_context():
        existing = [find_user(username) for username, _ in DEMO_USERS.values()]
        if all(existing) and not args.reset:
            print("Demo users exist already (passwords were shown when they were made; --reset issues new ones).")
            return 0
        print("Demo users (shown once; `python -m app.demo_users --reset` issues new passwords):")
        for role, (username, name) in DEMO_USERS.items():
            password = secrets.token_urlsafe(12)
            user = find_user(username)
            if user is None:
                create_user(username, name, role, password)
            else:
                user.set_password(password)
                db.session.commit()
            print(f"  {ROLES[role]:<20} {username:<18} {password}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
