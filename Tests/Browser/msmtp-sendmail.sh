#!/usr/bin/env bash
# sendmail interface through Debian's msmtp with the suite's configuration ($ENDORSE_TEST_MSMTPRC).
exec msmtp -C "${ENDORSE_TEST_MSMTPRC:?}" "$@"
