// The system zlib (Debian: zlib1g-dev), for precompressing published artifacts (EndorseHTTP).
#include <zlib.h>
