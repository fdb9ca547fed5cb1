// SwiftPM wants one source file in a C target; everything is in <zlib.h>.
#include "CZlib.h"
