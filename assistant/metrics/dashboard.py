"""Everything the console's dashboard shows for one shop and period, read in one go: the
metrics report (the same numbers as ``shopassist metrics``), the per-day series, the survey
answers by score, the unanswered questions as clusters and the bundle funnel."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select

from assistant.bundles.stats import Report as BundleReport
from assistant.bundles.stats import bundle_report
from assistant.errors import StorageUnavailable
from assistant.faq.unanswered import unanswered_clusters
from assistant.i18n import L10n
from assistant.metrics.periods import Period
from assistant.metrics.report import Report, compute
from assistant.metrics.series import Daily, daily, survey_distribution
from assistant.storage.engine import Sessions
from assistant.storage.models import Bundle
from knowledge_base.clusters import Cluster

#: The whole dashboard must be read within this; a busy database gets a clear "try again".
TIMEOUT_S = 30.0
TOO_SLOW = L10n(
    de="Die Zahlen konnten gerade nicht gelesen werden. Bitte laden Sie die Seite gleich neu.",
    en="The numbers could not be read just now. Please reload the page in a moment.",
)


@dataclass(frozen=True, slots=True)
class DashboardData:
    period: Period
    report: Report
    daily: Daily
    surveys: dict[str, dict[int, int]]
    clusters: list[Cluster]
    bundles: BundleReport
    #: Offer id (a curated bundle's slug) -> its title; mined pairs have none.
    offer_titles: dict[str, L10n]

    @property
    def empty(self) -> bool:
        """Nothing at all happened in the period (no visitor, no conversation, no order)."""
        v = self.report.values
        return self.daily.empty and not v.get("visitors") and not v.get("orders")


def _title(bundle: Bundle) -> L10n:
    de = bundle.title_de.strip() or bundle.slug
    return L10n(de=de, en=bundle.title_en.strip() or de)


async def dashboard_data(
    sessions: Sessions, shop_id: str, period: Period, now: datetime
) -> DashboardData:
    """``now`` caps the report's end: stages are counted as they are now, not as the time
    rules would make them at midnight tonight."""
    report_end = max(min(period.end, now), period.start)
    try:
        async with asyncio.timeout(TIMEOUT_S):
            async with sessions() as db:
                report = await compute(db, shop_id, period.start, report_end)
                days = await daily(db, shop_id, period.start, period.end)
                surveys = await survey_distribution(db, shop_id, period.start, period.end)
                bundles = (await db.exec(select(Bundle).where(Bundle.shop_id == shop_id))).all()
            clusters = await unanswered_clusters(
                sessions, shop_id, since=period.start, until=period.end
            )
            funnel = await bundle_report(sessions, shop_id, period.start, period.end)
    except TimeoutError:
        raise StorageUnavailable(message=TOO_SLOW, detail="dashboard read timed out") from None
    return DashboardData(
        period=period,
        report=report,
        daily=days,
        surveys=surveys,
        clusters=clusters,
        bundles=funnel,
        offer_titles={b.slug: _title(b) for b in bundles},
    )
