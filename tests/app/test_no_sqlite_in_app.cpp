// The UI and CLI see the store through core's headers only: none of them pulls in SQLite's API
// (issue 9). This file holds no test case: it fails to compile, and so fails the build of
// test_app, if one of these headers does.
#include "core/csv.hpp"
#include "core/demo.hpp"
#include "core/matching.hpp"
#include "core/replica.hpp"
#include "core/reports.hpp"
#include "core/services.hpp"
#include "core/settings.hpp"
#include "core/store.hpp"
#include "core/volunteers.hpp"
#include "sync/atomic_file.hpp"
#include "sync/bundle.hpp"
#include "sync/clock_skew.hpp"
#include "sync/mailbox.hpp"
#include "sync/network.hpp"

#ifdef SQLITE_VERSION
#error "a header that app/ includes pulls in <sqlite3.h>"
#endif
