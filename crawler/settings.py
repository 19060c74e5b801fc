"""Scrapy settings for the corpus crawler. Every component is switched on here."""

BOT_NAME = "edu-summaries"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Where documents go, which profiles run, and (for the offline mirror) where its sites listen.
CORPUS_DB = "corpus.db"
PROFILES_DIR = "crawler/profiles"
MIRROR_URLS = ""  # JSON object {site: base URL} or a path to such a file
ARCHIVE_DIR = "archive"  # raw responses as WARC; empty string turns archiving off
MIN_BODY_CHARS = 200  # shorter clean bodies are rejected as too_short
REFRESH = False  # True re-fetches article pages already judged in CORPUS_DB

# Politeness: identify, obey robots.txt, adapt to the server, few requests per site.
USER_AGENT = "edu-summaries/0.1 (+research corpus of education-bureau work summaries)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_TIMES = 2
DOWNLOAD_TIMEOUT = 30
DEPTH_LIMIT = 8
DEPTH_PRIORITY = 0

# Requests carry priorities from their anchor text: the scheduler must honour them.
SCHEDULER_PRIORITY_QUEUE = "scrapy.pqueues.DownloaderAwarePriorityQueue"

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.RetryAfterMiddleware": 540,
    "crawler.middlewares.BodyEncodingMiddleware": 590,
}
SPIDER_MIDDLEWARES = {
    "crawler.middlewares.SkipJudgedArticlesMiddleware": 600,
}
ITEM_PIPELINES = {
    "crawler.pipelines.CleanPipeline": 300,
    "crawler.pipelines.StorePipeline": 800,
}
EXTENSIONS = {
    "crawler.extensions.WarcArchive": 500,
    "crawler.extensions.RobotsCrawlDelay": 510,
    "crawler.extensions.CrawlSummary": 900,
    "scrapy.extensions.telnet.TelnetConsole": None,
}

# Off by default; a developer re-running a crawl turns it on with -s HTTPCACHE_ENABLED=1.
HTTPCACHE_ENABLED = False
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_POLICY = "scrapy.extensions.httpcache.RFC2616Policy"

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
