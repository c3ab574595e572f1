#pragma once
// The version and build this binary was made from: compile definitions of the app module,
// "unknown" where a file is compiled without them (the fuzz targets).
#ifndef WMPULSE_VERSION
#define WMPULSE_VERSION "unknown"
#endif
#ifndef WMPULSE_BUILD
#define WMPULSE_BUILD "unknown"
#endif
