"""The page tree of the demo site: home, indexes, city profiles, practices and the take-action guide."""

from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from cityprofiles.models import (
    CityIndexPage,
    CityProfilePage,
    NetworkIndexPage,
    PracticeIndexPage,
    PracticePage,
    PracticeRelation,
    TakeActionPage,
)
from cityprofiles.text import paragraphs
from home.demo_files import CONTENT_DIR, DemoContentError, article_body, read, sources, text_document, today
from home.models import HomePage, SiteFooter, StandardPage

HOME_INTRO = (
    "Across Europe, cities and towns take in more people than they must, give undocumented residents "
    "health care and an ID, and press their governments for humane migration policy. Explore who does "
    "what, learn from their practices, and push your own municipality to do more."
)


def home_page():
    """The site's home page (created by the home app's migration)."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title="Moving Cities", slug="home"))
        Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    return home


def build_site_pages(loader):
    """Create the index pages and every article below them."""
    home = home_page()
    if not home.intro or loader.refresh:
        home.intro = paragraphs(HOME_INTRO)
        home.call_to_action = "Does your municipality do enough? Find out and take action."
        home.save_revision().publish()

    intro = lambda text: {"intro": paragraphs(text)}  # noqa: E731
    cities, _ = loader.child_page(
        home,
        CityIndexPage,
        "cities",
        {
            "title": "Cities",
            "show_in_menus": True,
            **intro("City profiles in depth, and every municipality on the map by country and region."),
        },
    )
    practices, _ = loader.child_page(
        home,
        PracticeIndexPage,
        "practices",
        {
            "title": "Good practices",
            "show_in_menus": True,
            **intro("What municipalities and their residents do, filed by policy field."),
        },
    )
    loader.child_page(
        home,
        NetworkIndexPage,
        "networks",
        {
            "title": "Networks",
            "show_in_menus": True,
            **intro("Alliances of municipalities and the commitments they ask of their members."),
        },
    )

    for item in read("profiles.toml")["profile"]:
        loader.child_page(
            cities,
            CityProfilePage,
            item["slug"],
            {
                "title": item["title"],
                "municipality": loader.municipality(item["municipality"]),
                "subtitle": item.get("subtitle", ""),
                "summary": item["summary"],
                "key_takeaways": [("takeaway", t) for t in item.get("takeaways", [])],
                "body": article_body(item),
                "sources": sources(item.get("sources")),
                "contact_organisation": item.get("contact", ""),
                "last_updated": today(),
                "is_demo": True,
            },
        )

    build_practices(loader, practices)
    build_take_action(loader, home)
    build_site_pages_and_footer(loader, home)


def build_site_pages_and_footer(loader, home):
    """Imprint and privacy pages, linked from the footer."""
    pages = {}
    for key, item in read("site_pages.toml").items():
        pages[key], _ = loader.child_page(
            home,
            StandardPage,
            key,
            {
                "title": item["title"],
                "intro": item["intro"],
                "body": paragraphs(item["body"]),
            },
        )
    footer = SiteFooter.for_site(Site.objects.get(is_default_site=True))
    if footer.imprint_page_id is None or footer.privacy_page_id is None:
        footer.imprint_page, footer.privacy_page = pages["imprint"], pages["privacy"]
        footer.save()


def build_practices(loader, index):
    """Create the practices, then link related ones once all exist."""
    items = read("practices.toml")["practice"]
    pages, fresh = {}, set()
    for item in items:
        unknown = [s for s in item.get("policy_fields", []) if s not in loader.policy_fields]
        if unknown:
            raise DemoContentError(f"practice {item['slug']}: unknown policy fields {unknown}")
        page, changed = loader.child_page(
            index,
            PracticePage,
            item["slug"],
            {
                "title": item["title"],
                "municipality": loader.municipality(item["municipality"]),
                "summary": item["summary"],
                "actor": item.get("actor", "municipality"),
                "status": item.get("status", "running"),
                "start_year": item.get("start_year"),
                "end_year": item.get("end_year"),
                "body": article_body(item),
                "outcomes": paragraphs(item.get("outcomes", "")),
                "sources": sources(item.get("sources")),
                "last_updated": today(),
                "is_demo": True,
            },
        )
        pages[item["slug"]] = page
        if changed:
            fresh.add(item["slug"])
    for item in items:
        if item["slug"] not in fresh:
            continue
        page = pages[item["slug"]]
        page.policy_fields.set([loader.policy_fields[s] for s in item.get("policy_fields", [])])
        page.related_practice_links = [
            PracticeRelation(related=pages[slug], sort_order=n)
            for n, slug in enumerate(item.get("related", []))
            if slug in pages
        ]
        page.save_revision().publish()


def build_take_action(loader, home):
    """The citizens' guide, with two templates to download, written for this project."""
    letter = text_document(
        "Template: letter to the mayor",
        "letter-to-the-mayor.txt",
        (CONTENT_DIR / "templates" / "letter-to-the-mayor.txt").read_text(encoding="utf-8"),
    )
    motion = text_document(
        "Template: council motion",
        "council-motion.txt",
        (CONTENT_DIR / "templates" / "council-motion.txt").read_text(encoding="utf-8"),
    )
    guide = read("take_action.toml")["guide"]
    documents = {"letter": letter, "motion": motion}
    steps = [
        (
            "step",
            {
                "heading": s["heading"],
                "text": RichText(paragraphs(s["text"])),
                "template_document": documents.get(s.get("template")),
            },
        )
        for s in guide["step"]
    ]
    page, changed = loader.child_page(
        home,
        TakeActionPage,
        "take-action",
        {
            "title": guide["title"],
            "show_in_menus": True,
            "intro": paragraphs(guide["intro"]),
            "steps": steps,
            "is_demo": True,
        },
    )
    if changed:
        page.networks.set([loader.networks[s] for s in guide.get("networks", []) if s in loader.networks])
        page.save_revision().publish()
