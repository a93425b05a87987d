"""The security administrator's settings, and the passwords each person has used (DESIGN §12)."""

import contextlib

from django.conf import settings
from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from redis.exceptions import RedisError

# The defaults are the deployment's (settings, from the environment); the security administrator changes
# them on 安全设置 and the saved row wins from the next request on.


def _from_settings(setting, name):
    """A field default that reads ``settings.<setting>`` when a row is made (not at import: tests override
    it). ``name`` is the module-level name it is bound to below, the one the migrations import: Django
    writes a callable default into a migration by its qualified name."""

    def default():
        return getattr(settings, setting)

    default.__name__ = default.__qualname__ = name
    return default


default_failure_limit = _from_settings("LOGIN_FAILURE_LIMIT", "default_failure_limit")
default_address_failure_limit = _from_settings("LOGIN_ADDRESS_FAILURE_LIMIT", "default_address_failure_limit")
default_lockout_minutes = _from_settings("LOGIN_LOCKOUT_MINUTES", "default_lockout_minutes")
default_idle_minutes = _from_settings("SESSION_IDLE_MINUTES", "default_idle_minutes")
default_absolute_hours = _from_settings("SESSION_ABSOLUTE_HOURS", "default_absolute_hours")
default_password_expiry_days = _from_settings("PASSWORD_EXPIRY_DAYS", "default_password_expiry_days")


class SecurityPolicy(models.Model):
    """安全设置: login lockout, session limits and password expiry, one row for the whole system."""

    failure_limit = models.PositiveSmallIntegerField(
        "账户锁定前允许的失败次数",
        default=default_failure_limit,
        validators=[MinValueValidator(3), MaxValueValidator(20)],
        help_text="同一账户连续输错密码达到此次数即被锁定（3～20次，等保要求一般为5次）。",
    )
    address_failure_limit = models.PositiveSmallIntegerField(
        "同一地址允许的失败次数",
        default=default_address_failure_limit,
        validators=[MinValueValidator(3), MaxValueValidator(1000)],
        help_text="从同一网络地址输错密码（不论哪个账户）达到此次数，该地址暂停登录。"
        "一个单位经同一出口上网时共用一个地址，此数应明显大于上一项，以免一人输错连累全单位。",
    )
    lockout_minutes = models.PositiveSmallIntegerField(
        "锁定时长（分钟）",
        default=default_lockout_minutes,
        validators=[MinValueValidator(5), MaxValueValidator(1440)],
        help_text="自锁定时起计算，期间的登录一律拒绝；安全管理员可随时解除锁定（5～1440分钟）。",
    )
    idle_minutes = models.PositiveSmallIntegerField(
        "无操作自动退出（分钟）",
        default=default_idle_minutes,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
        help_text="超过此时间没有任何操作即自动退出登录（5～240分钟）。页面自动刷新、检查新版本不算操作。",
    )
    absolute_hours = models.PositiveSmallIntegerField(
        "登录最长有效（小时）",
        default=default_absolute_hours,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text="无论是否操作，登录超过此时间都须重新登录（1～24小时）。",
    )
    password_expiry_days = models.PositiveSmallIntegerField(
        "密码有效期（天）",
        default=default_password_expiry_days,
        validators=[MaxValueValidator(365)],
        help_text="密码使用超过此天数须修改后才能继续使用；填0表示不限（0～365天）。",
    )
    updated_at = models.DateTimeField("修改时间", null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "安全设置"
        verbose_name_plural = "安全设置"

    def __str__(self):
        return "安全设置"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Cleared now and again at the commit: between the two, another process may still read the old
        # row and cache it.
        self.forget_cached()
        transaction.on_commit(self.forget_cached)

    # The one row's key: a second row is never made, the settings page saves this one.
    SINGLETON = 1

    # Every request reads the settings (session limits, password expiry): from the cache, not a query
    # (issue 16). Saving clears it, so the change applies from the next request in every process that
    # shares the cache (Redis in production; the embedded default serves from one process). A process
    # with a cache of its own beside others (several workers without REDIS_URL) sees it within this time.
    CACHE_SECONDS = 60
    NONE_SAVED = "none saved"

    @classmethod
    def current(cls):
        """The saved settings, or the deployment's defaults when the security administrator has saved
        none (an unsaved instance: reading the page creates nothing). Only the saved row is cached; the
        defaults are the settings of the process reading them."""
        try:
            values = cache.get(cls._cache_key())
        except RedisError:  # the cache is down: the database answers, the pages still work
            values = None
        if values is None:
            row = cls.objects.filter(pk=cls.SINGLETON).values().first()
            values = row or cls.NONE_SAVED
            with contextlib.suppress(RedisError):
                cache.set(cls._cache_key(), values, cls.CACHE_SECONDS)
        if values == cls.NONE_SAVED:
            return cls(pk=cls.SINGLETON)
        names = [field.attname for field in cls._meta.concrete_fields]
        return cls.from_db(DEFAULT_DB_ALIAS, names, [values[name] for name in names])

    @staticmethod
    def _cache_key():
        # The database's name in the key: a test run's settings never meet a deployment's in a shared Redis.
        return f"security-policy:{connections[DEFAULT_DB_ALIAS].settings_dict['NAME']}"

    @classmethod
    def forget_cached(cls):
        """The next read comes from the database."""
        # With the cache down, what it held may outlive the change by CACHE_SECONDS at most.
        with contextlib.suppress(RedisError):
            cache.delete(cls._cache_key())


class PasswordHistory(models.Model):
    """A password a person has had (its hash, never the password): the last few may not be used again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="人员", on_delete=models.CASCADE, related_name="+"
    )
    password = models.CharField("密码（哈希）", max_length=128)
    set_at = models.DateTimeField("设置时间", auto_now_add=True)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        ordering = ["-set_at", "-pk"]
        indexes = [models.Index(fields=["user", "-set_at"], name="security_history_user")]

    def __str__(self):
        return f"{self.user_id} {self.set_at:%Y-%m-%d}"
