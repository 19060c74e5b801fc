"""Scrapy settings for the corpus crawler. Every component is switched on here."""

from cleaning.topic import MIN_BODY_CHARS  # noqa: F401  (a setting: shorter bodies are too_short)

BOT_NAME = "edu-summaries"
COMMANDS_MODULE = "crawler.commands"  # scrapy crawl checks its arguments before it starts
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Where documents go, which profiles run, and (for the offline mirror) where its sites listen.
CORPUS_DB = "corpus.db"
PROFILES_DIR = "crawler/profiles"
MIRROR_URLS = ""  # JSON object {site: base URL} or a path to such a file
ARCHIVE_DIR = "archive"  # raw responses as WARC; empty string turns archiving off
REFRESH = False  # True re-fetches article pages already judged in CORPUS_DB

# A shared frontier (crawler/frontier.py): empty is the embedded single-process crawl;
# redis://HOST:PORT/DB makes this process one worker of a crawl shared through Redis.
FRONTIER = ""
FRONTIER_PREFIX = "sites"  # the crawl's Redis keys start with it (python -m corpus ingest --prefix)
FRONTIER_WORKER = ""  # this worker's name; default host-pid
FRONTIER_RETRY_SECONDS = 60.0  # a Redis restart shorter than this is waited out
FRONTIER_IDLE_CLOSE = 1.0  # seconds the whole frontier must stay empty before a worker stops
FRONTIER_POLITENESS = True  # per-site limits across workers (off only to measure why)
FRONTIER_GAP = 0.0  # set from DOWNLOAD_DELAY by the frontier: the shared gap between requests to a site
FRONTIER_WAIT_INGESTER = 60.0  # seconds a worker waits for the ingester's list of known URLs
ADDONS = {"crawler.frontier.FrontierAddon": 0}

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
RETRY_AFTER_DEFAULT = 10.0  # seconds to wait on a 429 that gives no Retry-After
RETRY_AFTER_MAX = 120.0  # a longer Retry-After is not waited out: the page is a fault
DOWNLOAD_TIMEOUT = 30
# Pagination is followed to its end: Scrapy's DEPTH_LIMIT counts every hop, so a limit of 8
# ended a site's lists at page 8. Only chains of list pages are bounded, and high (a trap
# such as an endless calendar stops there); article links are always followed.
DEPTH_LIMIT = 0
LIST_DEPTH_LIMIT = 500
DEPTH_PRIORITY = 0
PROGRESS_INTERVAL = 30  # seconds between progress lines on stderr; 0 turns them off
CLEAN_WORKERS = 0  # 0: clean in a thread; N: in N worker processes (uses more cores)

# Safe by construction: only http(s) is ever downloaded. Scrapy's file, ftp, s3 and data
# handlers are switched off (an ftp:// link stalled a crawl for ever; file:// read local files).
DOWNLOAD_HANDLERS = {"file": None, "ftp": None, "s3": None, "data": None}
# Text pages are small (the largest seen are under 2 MB); a bigger body is cut off and
# recorded as too_large instead of costing the crawl gigabytes of memory. The limit holds
# for decompressed bodies too (HttpCompressionMiddleware applies it).
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
DOWNLOAD_FAIL_ON_DATALOSS = True  # a truncated body is an error (retried), never a short page

# Requests carry priorities from their anchor text: the scheduler must honour them.
SCHEDULER_PRIORITY_QUEUE = "scrapy.pqueues.DownloaderAwarePriorityQueue"

# Downloader middlewares, against Scrapy's defaults (DOWNLOADER_MIDDLEWARES_BASE).
# process_request runs from low to high numbers, process_response from high to low.
DOWNLOADER_MIDDLEWARES = {
    # 40: before everything, Offsite (50) included: no non-http(s) URL and no private
    # address goes any further, whatever produced the request (link, redirect, meta refresh).
    "crawler.middlewares.SafeUrlMiddleware": 40,
    # 50: Scrapy's OffsiteMiddleware, replaced by a subclass that holds each request to its
    # profile's hosts (port included) and refuses in the downloader, where errbacks see it.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "crawler.middlewares.ProfileOffsiteMiddleware": 50,
    # 550: Scrapy's RetryMiddleware, replaced by a subclass at its very place that waits out
    # Retry-After first. At 540 (before it) it never saw a 429: Retry (550) handles the
    # response first, as process_response runs from high to low numbers.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.RetryAfterMiddleware": 550,
    # 585: after HttpCompressionMiddleware (590) has decompressed the body; at 590 it shared
    # the place and read gzip bytes. Before MetaRefreshMiddleware (580), which reads the text.
    "crawler.middlewares.BodyEncodingMiddleware": 585,
}
# Spider middlewares, against SPIDER_MIDDLEWARES_BASE (process_spider_output runs from high
# to low numbers). 600: after Depth (900), UrlLength (800) and Referer (700) have seen the
# spider's requests, before HttpError (50): a known article is dropped last, on its way out.
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
    "crawler.extensions.CrawlProgress": 800,
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
