"""A survey's responses as an export (CSV, XLSX or JSON) that `patuh skm compute` reads back."""

from collections.abc import Iterator

from patuh.lib.exports import Column, Export
from patuh.satisfaction.models import Survey


class ResponsesExport(Export):
    sheet_title = "responses"

    def __init__(self, survey: Survey):
        self.survey = survey
        self.elements = list(survey.instrument_version.parsed.indicators.values())
        self.name = f"skm-{survey.unit.provider.code}-{survey.unit.code}-{survey.opens_on}"
        self.columns = (
            Column("submitted_at", "When the response was submitted (ISO 8601, with time zone)."),
            Column("product", "Code of the service product the respondent used, if chosen."),
            Column("used_on", "Day the respondent used the service, where the survey asks it."),
            *(
                Column(e.code, f"{e.text.en} {e.scale_min}–{e.scale_max}; empty when skipped.")
                for e in self.elements
            ),
            Column("age_band", "Age band code (lt20, 20-29, …, 60+); empty if not said."),
            Column("sex", "l (male) or p (female); empty if not said."),
            Column("education", "sd, smp, sma, diploma, s1 or s2; empty if not said."),
            Column("occupation", "asn, tni-polri, swasta, wirausaha, pelajar or lainnya."),
            Column("suggestion", "The respondent's free-text suggestion."),
        )

    def rows(self) -> Iterator[tuple]:
        responses = self.survey.responses.order_by("submitted_at", "pk").values_list(
            "submitted_at",
            "product__code",
            "used_on",
            "answers",
            "age_band",
            "sex",
            "education",
            "occupation",
            "suggestion",
        )
        for row in responses.iterator(chunk_size=2000):
            at, product, used_on, answers, age, sex, education, occupation, suggestion = row
            yield (
                at,
                product or "",
                used_on,
                *(answers.get(e.code) for e in self.elements),
                age,
                sex,
                education,
                occupation,
                suggestion,
            )
