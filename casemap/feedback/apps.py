from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "casemap.feedback"
    verbose_name = "Feedback"
    label = "feedback"
