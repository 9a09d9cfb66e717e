"""The demo for manage.py load_demo: an author, readers, a moderator, two posts and a nested conversation."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from textwrap import dedent

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from comments import services
from comments.models import Comment, Commenter, Post
from moderation.services.scan import comment_scan, post_scan

# Documented in README.md ("Demo accounts"). Demo only: never load the demo on a public site.
AUTHOR_PASSWORD = "demo-author-pass"
MODERATOR_PASSWORD = "demo-moderator-pass"
READER_PASSWORD = "demo-reader-pass"
MODERATORS_GROUP = "moderators"
# What a moderator may do in the admin: read everything, change a comment's status or text. Deleting stays
# with operators (superusers).
MODERATOR_PERMISSIONS = (
    ("comments", "view_post"),
    ("comments", "view_comment"),
    ("comments", "change_comment"),
    ("comments", "view_commenter"),
)


class DemoConflict(Exception):
    """Something that is not demo data is in the way (a post by someone else has a demo post's address)."""


@dataclass(frozen=True)
class DemoPerson:
    key: str
    email: str
    display_name: str
    password: str
    role: str  # "author", "moderator" or "reader"


PEOPLE = (
    DemoPerson("wren", "author@demo.example", "Wren", AUTHOR_PASSWORD, "author"),
    DemoPerson("sam", "moderator@demo.example", "Sam (moderator)", MODERATOR_PASSWORD, "moderator"),
    DemoPerson("priya", "priya@demo.example", "Priya K.", READER_PASSWORD, "reader"),
    DemoPerson("jonah", "jonah@demo.example", "Jonah", READER_PASSWORD, "reader"),
    DemoPerson("lena", "lena@demo.example", "Lena", READER_PASSWORD, "reader"),
    DemoPerson("tom", "tom@demo.example", "Tom B.", READER_PASSWORD, "reader"),
    DemoPerson("marisol", "marisol@demo.example", "marisol", READER_PASSWORD, "reader"),
    DemoPerson("ade", "ade@demo.example", "Ade", READER_PASSWORD, "reader"),
    DemoPerson("rosalind", "rosalind@demo.example", "Rosalind", READER_PASSWORD, "reader"),
)
DEMO_EMAILS = tuple(person.email for person in PEOPLE)


def _demo_emails_q() -> Q:
    condition = Q(pk__in=[])
    for email in DEMO_EMAILS:
        condition |= Q(email__iexact=email)
    return condition


@dataclass(frozen=True)
class Said:
    """A demo comment: who wrote it, how many hours after its parent (or the post), and its replies."""

    who: str
    hours_later: float
    text: str
    replies: tuple["Said", ...] = ()


def prose(text: str) -> str:
    """Source-wrapped text to what a person would have typed: paragraphs split by blank lines, one line each
    (the site turns single line breaks into <br>)."""
    paragraphs = dedent(text).strip().split("\n\n")
    return "\n\n".join(" ".join(paragraph.split()) for paragraph in paragraphs)


def say(who: str, hours_later: float, text: str, *replies: Said) -> Said:
    return Said(who, hours_later, prose(text), replies)


@dataclass(frozen=True)
class DemoPost:
    title: str
    body: str
    days_ago: float
    conversation: tuple[Said, ...]

    @property
    def slug(self) -> str:
        return slugify(self.title)


THERAPIST_POST = DemoPost(
    title="The thing I haven't told my therapist",
    days_ago=4,
    body=prose(
        """
        I've been seeing D. for almost two years now. Wednesdays at half past five, the room with the green
        armchair and the clock that sits just behind my left shoulder, where only she can see it. I have
        told her things in that room that I've never said out loud to anyone: about my dad, about the year I
        stopped answering my phone, about how tired I get of being the reliable one.

        And yet there is one thing I keep not saying, and it's about her.

        In March she moved two of our sessions at short notice. Perfectly ordinary reasons, a family thing;
        she apologised, and I said "of course, no problem at all" in my brightest voice. Then I went home
        and felt oddly flattened for days. Not angry, exactly. More like a small, old voice saying: see, you
        were never that important. You're a Wednesday slot.

        I know how that sounds. I know she has a life, and other clients, and that this is her job. I know
        it so well that I've spent three months arguing myself out of feeling it. What I haven't done is
        tell her. Instead I've become a very good client. I arrive with tidy topics. I make her laugh. I
        leave the messy things for "next week".

        Here is what scares me about bringing it up. If I say "I was hurt when you moved our sessions", I'm
        admitting that she matters to me more than a professional arrangement is supposed to allow. I'm
        afraid she'll be kind about it in a way that feels like being handled. I'm afraid she'll be a tiny
        bit defensive and I'll spend the rest of the hour looking after her feelings, which is, not by
        coincidence, what I have done with almost everyone in my life.

        A friend who has been in therapy for years told me that what happens between you and your therapist
        isn't a distraction from the work; often it is the work. The relationship is a place to practise
        saying the things you could never say anywhere else, with someone whose job is to stay steady while
        you say them. I believe her. I also notice that believing something and walking into the room and
        saying it are two very different skills.

        So this is me practising in public first. I've written one sentence on a card and put it in my bag:
        "There's something about us I've been avoiding, and I'd like to try talking about it." I don't have
        to say more than that. She can take it from there, or we can sit in the awkwardness together, which
        I'm told is allowed.

        If you've ever told a therapist something about the relationship itself (that they hurt you, that
        you were attached, that you wanted to stop, that you didn't trust them yet), I'd really love to hear
        how it went. And if you haven't, and you're sitting on something similar, you're welcome to keep me
        company here while I work up to Wednesday.
        """
    ),
    conversation=(
        say(
            "priya",
            2.5,
            """
            This is so familiar that I had to put my tea down. I sat on something similar for almost a year:
            my therapist yawned while I was talking about my sister, and I quietly decided that meant I was
            boring.

            I finally told her, badly, about ten minutes before the end of a session. She didn't brush it
            off. She said she was glad I'd told her and asked what it had felt like. We spent the whole next
            session on it, and it turned out to be one of the most useful hours I've had.
            """,
            say(
                "wren",
                3,
                """
                Ten minutes before the end is SO relatable. I'd do exactly that, so there's an exit built
                in. Did it feel different afterwards, being in the room with her?
                """,
                say(
                    "priya",
                    5,
                    """
                    Yes, though not straight away. The first session after, I felt exposed, like she'd seen
                    the wiring. A few weeks later I noticed I'd stopped rehearsing what I was going to say
                    in the waiting room. That was the real change: I stopped performing quite so much.
                    """,
                    say(
                        "wren",
                        2,
                        """
                        "Stopped rehearsing in the waiting room." I rehearse on the bus, in the waiting room
                        AND in the chair. I'd love to drop even one of those.
                        """,
                        say("priya", 4, "Start with the bus. Put a podcast on instead. Small rebellions :)"),
                    ),
                ),
            ),
        ),
        say(
            "jonah",
            5,
            """
            Counterpoint from someone who did say it: I told my therapist she seemed a bit checked out
            lately, and she did get slightly defensive, which is exactly the scenario you're afraid of. It
            was still worth it. We ended up talking about the defensiveness too. Turns out a relationship
            can survive a clumsy moment on both sides, which was news to me.
            """,
            say(
                "wren",
                2,
                """
                This is honestly reassuring in a strange way. My worst case happened to you and you're still
                here and still glad you said it. Can I ask how you stopped yourself from jumping in to look
                after her?
                """,
                say(
                    "jonah",
                    6,
                    """
                    I didn't, the first time. I said "sorry, forget it, it's fine". The next week I said
                    "actually it wasn't fine, and I noticed I rushed to smooth it over". She said that was
                    probably the most honest thing I'd said all year. Two goes is allowed.
                    """,
                    say(
                        "wren",
                        1.5,
                        "Two goes is allowed. I'm writing that on the back of the card.",
                        say("jonah", 3, "Big letters, please. Wednesday-you will be reading it in a hurry."),
                    ),
                ),
            ),
        ),
        say(
            "lena",
            9,
            """
            I've only had six sessions, so it feels far too early to say anything about "us". But I already
            notice that I pick what to talk about based on what I think she wants to hear. Is that normal
            this early, or am I doing therapy wrong?
            """,
            say(
                "wren",
                3,
                """
                I don't think there's a wrong way, honestly, and I did exactly that for my first few months.

                What you just wrote here might be something you could say to her, word for word: "I notice I
                pick what to say based on what I think you want to hear." That isn't too early. It's useful
                for both of you to know.
                """,
                say(
                    "lena",
                    4,
                    "Word for word feels doable. Saying it out loud is the scary part, so maybe I'll "
                    "read it off my phone.",
                    say(
                        "rosalind",
                        2,
                        """
                        Reading from your phone is a perfectly good way to do it. I've read from a notebook
                        for years. My therapist jokes that it's the third person in the room.
                        """,
                        say(
                            "lena",
                            5,
                            "That makes me feel much less silly. Thank you both.",
                            say("wren", 6, "Tell us how it goes, if you feel like it. No pressure at all."),
                        ),
                    ),
                ),
            ),
        ),
        say(
            "tom",
            14,
            """
            For me the scary one was admitting I'd got attached. I'm a fifty-two-year-old engineer; I did
            not expect to feel a pang when my counsellor mentioned her holiday. When I finally said so, she
            told me it's very common and made sense given what we'd been working on. She didn't make it
            weird. I had made it much weirder in my head.
            """,
            say(
                "wren",
                4,
                """
                "I had made it much weirder in my head" could be the title of my autobiography. Thank you
                for putting it so plainly. If I'm honest, I think attachment is underneath mine too.
                """,
                say(
                    "tom",
                    7,
                    """
                    I suspect it's underneath a lot of these. We go in to talk about everything else, and
                    then the relationship turns out to be half the point.
                    """,
                    say("wren", 2, "That's almost exactly what my friend said. Maybe it's time I believed it."),
                ),
            ),
        ),
        say(
            "marisol",
            20,
            """
            the bit about being "a very good client" got me. i used to bring my therapist funny stories like
            little gifts. it took me ages to notice i did it so she would like me. we laugh about it now,
            but we only got there because i said it out loud.
            """,
            say(
                "wren",
                2.5,
                """
                Little gifts! Yes. I keep a mental list of anecdotes ready for the first five minutes, in
                case the silence gets long. What made you notice?
                """,
                say(
                    "marisol",
                    3,
                    """
                    she asked why i always started with a story and i had no idea. then i spent the week
                    thinking about it, and the honest answer was: so the first thing you feel about me is
                    that i'm fun.
                    """,
                    say(
                        "ade",
                        4,
                        "This thread is a mirror. Thank you both for being this honest.",
                        say("marisol", 1.5, "ha, honesty is contagious. hope wednesday goes ok wren"),
                    ),
                ),
            ),
        ),
        say(
            "ade",
            26,
            "Rooting for you on Wednesday. The card is a brilliant idea.",
            say("wren", 1, "Thank you, Ade. It's in the front pocket so I can't pretend I forgot it."),
        ),
        say(
            "rosalind",
            31,
            """
            A slightly different story, offered gently. Years ago I raised something like this with my first
            therapist, and she really didn't take it well. I stopped going a few weeks later. For a long
            time I thought that proved I should have kept quiet.

            Now I think it showed me we weren't a good fit, which was worth knowing. The therapist I found
            after her has been wonderful. So even the "bad" outcome gave me something.
            """,
            say(
                "wren",
                3,
                """
                Thank you for including this side. Part of my fear is exactly that outcome, and it helps to
                hear it wasn't the end of the story. How did you know to look for someone else rather than
                give up on therapy altogether?
                """,
                say(
                    "rosalind",
                    8,
                    """
                    A friend pushed me, to be honest. I was ready to give up. She said one bad fit doesn't
                    make therapy bad, any more than one bad haircut makes hair bad. It was annoying and
                    correct.
                    """,
                    say(
                        "wren",
                        2,
                        "The haircut line is going to stay with me. Thank you, Rosalind.",
                        say("jonah", 5, 'Filing "annoying and correct" under my favourite kinds of friend.'),
                    ),
                ),
            ),
        ),
        say(
            "wren",
            74,
            """
            Update, Wednesday evening: I did it. I read the card almost word for word, with my voice doing
            something strange in the middle. She was quiet for a moment and then thanked me, and asked if I
            could say more about March.

            It wasn't magic. I cried a bit, I apologised twice for "making a thing of it", and she gently
            pointed out both apologies. We didn't finish the conversation and we're going to keep going next
            week. But I walked out feeling more like myself than I have in months.

            Thank you, all of you. I read every comment on the bus instead of rehearsing.
            """,
            say(
                "lena",
                2,
                "This makes me want to try my sentence next week. Thank you for coming back to tell us.",
                say("wren", 3, "Please do. And remember: two goes is allowed."),
            ),
            say(
                "priya",
                4,
                "So glad, Wren. Proud of you. (Is that allowed from a stranger on the internet? Saying it anyway.)",
                say("wren", 2, "Completely allowed. Thank you, Priya."),
            ),
        ),
    ),
)

WINTER_POST = DemoPost(
    title="Small things that helped this winter",
    days_ago=11,
    body=prose(
        """
        Not a list of fixes, just a few things that made the dark months a little lighter for me. Yours will
        be different, and that's fine.

        A ten-minute walk before work, even in the rain. Especially in the rain, actually: nobody else is
        out, and the street feels like mine for a while.

        Getting a library card again. It's a warm building where nobody expects you to buy anything, and the
        people at the desk are unreasonably kind.

        Three lines in a notebook before bed. Not a diary, not a gratitude list, just three lines about the
        day. Some nights they are very short lines.

        Saying "not today" to plans without writing a paragraph of apology. People mostly said "no worries",
        and meant it.

        What got you through? I'm collecting ideas for next year.
        """
    ),
    conversation=(
        say(
            "ade",
            4,
            """
            The library card one. I got mine again last month after about ten years away, and it has turned
            into my favourite excuse to leave the house.
            """,
            say(
                "wren",
                6,
                """
                Isn't it lovely? One of the few places left where you can simply be somewhere, for free, and
                nobody wants anything from you.
                """,
            ),
        ),
        say(
            "marisol",
            9,
            "adding three lines each night to my list. i've never kept a full journal going but three lines "
            "sounds possible.",
            say(
                "wren",
                3,
                """
                That's exactly why I like it: it's small enough for a bad day. Some nights mine are "tired.
                soup. bed." and that still counts.
                """,
                say("marisol", 2, '"tired. soup. bed." is basically poetry'),
            ),
        ),
        say(
            "tom",
            20,
            """
            Saying "not today" without the long apology has been my big lesson this year as well. Turns out
            most people are relieved to get a straight answer.
            """,
        ),
    ),
)

POSTS = (THERAPIST_POST, WINTER_POST)
DEMO_SLUGS = tuple(post.slug for post in POSTS)


@dataclass
class DemoResult:
    users_created: int = 0
    posts_created: int = 0
    comments_created: int = 0
    accounts: tuple[DemoPerson, ...] = field(default=PEOPLE)


# --- Users -------------------------------------------------------------------------------------------------


def _permissions(pairs) -> list[Permission]:
    return [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in pairs]


def _demo_users(*, reset_passwords: bool, result: DemoResult) -> dict[str, User]:
    now = timezone.now()
    hashes: dict[str, str] = {}  # one hash per distinct password: each costs a deliberately slow PBKDF2 run
    moderators, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    moderators.permissions.add(*_permissions(MODERATOR_PERMISSIONS))
    (write_posts,) = _permissions([("comments", "write_posts")])

    users: dict[str, User] = {}
    for person in PEOPLE:
        user = User.objects.filter(email__iexact=person.email).first()
        if (user is None or reset_passwords) and person.password not in hashes:
            hashes[person.password] = make_password(person.password)
        password = hashes.get(person.password, "")
        if user is None:
            user = User.objects.create(
                email=person.email,
                display_name=person.display_name,
                password=password,
                email_verified_at=now,
                date_joined=now - timedelta(days=30),
            )
            result.users_created += 1
        else:
            # An existing demo account keeps its password unless reset, but gets back what the demo needs.
            if reset_passwords:
                user.password = password
            user.is_active = True
            user.email_verified_at = user.email_verified_at or now
        user.is_staff = person.role == "moderator"
        user.save()
        if person.role == "author":
            user.user_permissions.add(write_posts)
        if person.role == "moderator":
            user.groups.add(moderators)
        users[person.key] = user
    return users


# --- Posts and conversations -------------------------------------------------------------------------------


def _demo_post(spec: DemoPost, *, author: User, users: dict[str, User], result: DemoResult) -> None:
    existing = Post.objects.filter(slug=spec.slug).first()
    if existing is not None:
        if existing.author_id != author.pk:
            raise DemoConflict(f"a post at /{spec.slug}/ exists and was not written by the demo author")
        return  # Loaded before, in the same transaction as its conversation: nothing to add.

    post = services.post_save(author=author, title=spec.title, body=spec.body, published=True, comments_open=True)
    if post.slug != spec.slug:
        raise DemoConflict(f"the demo post {spec.title!r} could not get its address /{spec.slug}/")
    published_at = timezone.now() - timedelta(days=spec.days_ago)
    created = published_at - timedelta(hours=2)
    Post.objects.filter(pk=post.pk).update(published_at=published_at, created=created)
    post.refresh_from_db()
    result.posts_created += 1

    # Depth-first, iteratively: each comment is created through the locked tree service after its parent.
    created_at: dict[int, datetime] = {}
    stack: list[tuple[Said, Comment | None]] = [(said, None) for said in reversed(spec.conversation)]
    while stack:
        said, parent = stack.pop()
        comment = services.comment_create(
            user=users[said.who], post=post, parent_id=parent.pk if parent else None, body=said.text
        )
        # Demo text is the site's own writing: visible at once, so replies can hang under it. The worker still
        # checks each comment once the load commits.
        services.comment_publish(comment=comment)
        created_at[comment.pk] = (created_at[parent.pk] if parent else published_at) + timedelta(hours=said.hours_later)
        result.comments_created += 1
        stack.extend((reply, comment) for reply in reversed(said.replies))
    for pk, when in created_at.items():
        # `created` is not a tree field: a plain update is safe here.
        Comment.objects.filter(pk=pk).update(created=when, published_at=when)
    # The demo is days-old history: check it the way scan_backlog checks an imported blog, so the queue shows
    # what needs care but nobody is e-mailed about it. The worker then finds each revision already checked.
    post_scan(post_id=post.pk, backlog=True)
    for pk in created_at:
        comment_scan(comment_id=pk, backlog=True)


# --- Entry points ------------------------------------------------------------------------------------------


def demo_delete() -> None:
    """Delete the demo posts (their comments through the locked tree service) and the demo accounts.

    A demo account that still owns something outside the demo (a post written on the site, say) is kept; the
    next demo_load(reset=True) gives it back its documented password.
    """
    users = list(User.objects.filter(_demo_emails_q()))
    for post in Post.objects.filter(slug__in=DEMO_SLUGS, author__in=users):
        services.post_delete(post=post)
    for user in users:
        Commenter.objects.filter(user=user, comments__isnull=True).delete()
        try:
            with transaction.atomic():
                user.delete()
        except (ProtectedError, RestrictedError):
            pass


@transaction.atomic
def demo_load(*, reset: bool = False) -> DemoResult:
    """Load the demo users, posts and conversations. Safe to re-run: finds them by e-mail address and post
    slug and creates only what is missing. `reset` deletes the demo first (demo_delete) and recreates it.

    One transaction, so a failure leaves no half-loaded demo; the comment tree locks taken by
    comments.services.comment_create are held until it commits. Raises DemoConflict when non-demo data is in
    the way.
    """
    result = DemoResult()
    if reset:
        demo_delete()
    users = _demo_users(reset_passwords=reset, result=result)
    for spec in POSTS:
        _demo_post(spec, author=users["wren"], users=users, result=result)
    return result
