from django.db import migrations, models


class Migration(migrations.Migration):
    """The results page lists the words checked as fit to show: a few among all the answers, so a partial index
    finds them without reading every answer of the responses counted."""

    dependencies = [("feedback", "0005_welsh_questions")]

    operations = [
        migrations.AddIndex(
            model_name="answer",
            index=models.Index(
                condition=models.Q(("text_check", "shown")),
                fields=["question", "id"],
                name="feedback_answer_shown",
            ),
        ),
    ]
