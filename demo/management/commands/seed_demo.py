"""``manage.py seed_demo``: the La Gi demo structure, people and accounts (idempotent)."""

from __future__ import annotations

import random

from auditlog.context import disable_auditlog
from django.core.management.base import BaseCommand
from django.db import transaction

from core import search
from demo import activities as activities_demo
from demo import articles as articles_demo
from demo import concerns as concerns_demo
from demo import members as members_demo
from demo import oversight as oversight_demo
from demo import reports as reports_demo
from demo import social as social_demo
from demo.organizations import seed_demo
from demo.structure import PASSWORD


class Command(BaseCommand):
    help = (
        "Create or refresh the La Gi demo data: old and new units, organizations, invented people, "
        "and the demo accounts. Running it again changes nothing."
    )

    def handle(self, *args, **options) -> None:
        result = seed_demo()
        with transaction.atomic(), disable_auditlog():
            activities = activities_demo.seed(random.Random(2025))
            concerns = concerns_demo.seed(random.Random(2026))
            articles = articles_demo.seed(random.Random(2027))
            projects = oversight_demo.seed(random.Random(2028))
            groups = social_demo.seed(random.Random(2029))
            members = members_demo.seed(random.Random(2030))
            reports = reports_demo.seed()
        # The demo rows are bulk-created, which does not index them for the public search.
        search.rebuild()
        if options["verbosity"] < 1:
            return
        plan = result.plan
        self.stdout.write(
            f"Demo data: {len(plan.units)} units, {len(plan.organizations)} organizations, "
            f"{len(plan.people)} people, {len(plan.positions)} positions, {len(plan.accounts)} accounts."
        )
        created = ", ".join(f"{n} {name}" for name, n in result.created.items() if n) or "nothing"
        updated = ", ".join(f"{n} {name}" for name, n in result.updated.items() if n) or "nothing"
        self.stdout.write(f"Created: {created}. Updated: {updated}.")
        self.stdout.write(
            f"Work log: {activities} activities and {concerns} concerns created; {articles} articles and "
            f"{projects} monitored projects, {groups} savings-and-loan groups, {members} members and "
            f"{reports} reports sent up created."
        )
        self.stdout.write("")
        width = max(len(a.username) for a in plan.accounts)
        covers_width = max(len(a.covers) for a in plan.accounts)
        self.stdout.write(f"{'username':<{width}}  {'covers':<{covers_width}}  password")
        for account in plan.accounts:
            self.stdout.write(f"{account.username:<{width}}  {account.covers:<{covers_width}}  {PASSWORD}")
