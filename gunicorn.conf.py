# Read by gunicorn when it starts in this directory. Feedback links' tokens never reach the access log.
logger_class = "casemap.feedback.log_redaction.RedactingGunicornLogger"
