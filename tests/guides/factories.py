"""factory_boy factories for guides."""

import factory

from guides.choices import GuideStatus
from guides.models import Chapter, ChapterPractice, Guide
from tests.factories import PracticeFactory


class GuideFactory(factory.django.DjangoModelFactory):
    title_en = factory.Sequence(lambda n: f"Guide {n}")
    title_fr = factory.Sequence(lambda n: f"Guide FR {n}")
    slug = factory.Sequence(lambda n: f"guide-{n}")
    subtitle_en = "Practices from European cities"
    subtitle_fr = "Des pratiques de villes européennes"
    foreword_en = "A foreword in English."
    foreword_fr = "Un avant-propos en français."
    introduction_en = "An introduction in English."
    introduction_fr = "Une introduction en français."
    status = GuideStatus.PUBLISHED

    class Meta:
        model = Guide

    class Params:
        draft = factory.Trait(status=GuideStatus.DRAFT)


class ChapterFactory(factory.django.DjangoModelFactory):
    guide = factory.SubFactory(GuideFactory)
    title_en = factory.Sequence(lambda n: f"Chapter {n}")
    title_fr = factory.Sequence(lambda n: f"Chapitre {n}")
    introduction_en = "What this chapter is about."
    introduction_fr = "De quoi parle ce chapitre."
    position = factory.Sequence(int)

    class Meta:
        model = Chapter


class ChapterPracticeFactory(factory.django.DjangoModelFactory):
    chapter = factory.SubFactory(ChapterFactory)
    practice = factory.SubFactory(PracticeFactory)
    position = factory.Sequence(int)

    class Meta:
        model = ChapterPractice
