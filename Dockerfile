FROM python:3.11-slim
WORKDIR /srv/familygraph
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN useradd --system --home /srv/familygraph familygraph && chown -R familygraph /srv/familygraph
USER familygraph
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app.wsgi:app"]
