// [storage] path: what cannot hold the database is refused when the file is validated,
// with the path and what was found there; a fresh install's missing file is fine.

#include "config/storage_path.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/redact.hpp"
#include "tests/config/load_helpers.hpp"

namespace {

namespace fs = std::filesystem;
using config::storage_path_problem;
using config_test::minimal_with;

class StoragePath : public ::testing::Test {
  protected:
    // One directory per test and process: ctest runs tests in parallel.
    StoragePath()
        : dir_(fs::temp_directory_path() /
               ("switchboard-storage-path-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    ~StoragePath() override {
        std::error_code ignored;
        for (const auto& entry : fs::recursive_directory_iterator(dir_, ignored)) {
            fs::permissions(entry.path(), fs::perms::owner_all, fs::perm_options::add, ignored);
        }
        fs::remove_all(dir_, ignored);
    }

    std::string file(const std::string& name, const std::string& content) const {
        const fs::path path = dir_ / name;
        std::ofstream(path, std::ios::binary) << content;
        return path.string();
    }

    // The problem with `path` as the operator reads it, or "" when it is accepted.
    static std::string problem(const std::string& path) {
        return config::plain(storage_path_problem(path).value_or(""));
    }

    const fs::path dir_;
};

// A SQLite database begins with these 16 bytes.
const std::string kHeader("SQLite format 3\0", 16);

TEST_F(StoragePath, AFreshInstallIsFine) {
    EXPECT_EQ(problem((dir_ / "state.db").string()), "");
    EXPECT_EQ(problem((dir_ / "not" / "yet" / "state.db").string()), "")
        << "directories that can be created are created at start";
    EXPECT_EQ(problem(file("db", kHeader + std::string(4080, '\0'))), "");
    EXPECT_EQ(problem(file("empty.db", "")), "") << "an empty file is the store's to refuse";
}

TEST_F(StoragePath, ADirectoryIsRefusedNamingIt) {
    const std::string path = dir_.string();
    EXPECT_EQ(problem(path), "\"" + path + "\" is a directory; give the database file inside it, " +
                                 "e.g. \"" + (dir_ / "state.db").string() + "\"");
}

TEST_F(StoragePath, SystemDirectoriesAreRefused) {
    for (const std::string path : {"/proc", "/proc/self/state.db", "/sys/state.db", "/dev/null",
                                   "/dev/shm/state.db", "/proc/../dev/x.db"}) {
        const std::string why = problem(path);
        EXPECT_NE(why.find("\"" + path + "\" is inside /"), std::string::npos) << why;
        EXPECT_NE(why.find("a system directory where no database can be kept"), std::string::npos)
            << why;
    }
    // Through a symbolic link, too.
    fs::create_directory_symlink("/proc", dir_ / "link");
    EXPECT_NE(problem((dir_ / "link" / "state.db").string()).find("is inside /proc"),
              std::string::npos);
}

TEST_F(StoragePath, SomethingThatIsNotARegularFileIsRefused) {
    const std::string fifo = (dir_ / "fifo").string();
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    EXPECT_EQ(problem(fifo), "\"" + fifo +
                                 "\" is a FIFO, not a regular file; give the path of the SQLite "
                                 "database file");
}

TEST_F(StoragePath, AFileThatIsNotASQLiteDatabaseIsRefused) {
    for (const std::string& content :
         std::vector<std::string>{"not a database at all\n", "SQLite", kHeader.substr(0, 15),
                                  std::string("SQLite format 2\0........", 24)}) {
        const std::string path = file("notes.txt", content);
        EXPECT_EQ(problem(path), "\"" + path +
                                     "\" is not a SQLite database (it does not begin with "
                                     "\"SQLite format 3\"); give the path of Switchboard's "
                                     "database, or of a file that does not exist yet");
    }
}

TEST_F(StoragePath, AParentThatIsNotADirectoryIsRefused) {
    const std::string parent = file("plain", "x");
    const std::string path = parent + "/sub/state.db";
    EXPECT_EQ(problem(path),
              "\"" + path + "\" cannot be created: \"" + parent + "\" is not a directory");
}

// Root may write anywhere, so the checks below run as "nobody" when the test is root.
void as_ordinary_user() {
    if (::geteuid() == 0 && ::setuid(65534) != 0) {
        std::perror("setuid");
        std::_Exit(2);
    }
}

void report(const std::optional<std::string>& problem) {
    std::fprintf(stderr, "%s\n", config::plain(problem.value_or("accepted")).c_str());
    std::_Exit(problem ? 0 : 1);
}

TEST_F(StoragePath, ADirectoryThatCannotBeWrittenIsRefused) {
    const fs::path locked = dir_ / "locked";
    fs::create_directory(locked);
    const std::string path = (locked / "sub" / "state.db").string();
    fs::permissions(locked, fs::perms::owner_all, fs::perm_options::remove);
    fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec, fs::perm_options::add);
    fs::permissions(dir_, fs::perms::others_read | fs::perms::others_exec, fs::perm_options::add);
    EXPECT_EXIT((as_ordinary_user(), report(storage_path_problem(path))),
                ::testing::ExitedWithCode(0),
                "state.db\" needs the directory \".*locked\" to be writable .*-wal");
}

TEST_F(StoragePath, AFileThatCannotBeWrittenIsRefused) {
    const std::string path = file("readonly.db", kHeader);
    ::chmod(path.c_str(), 0444);
    fs::permissions(dir_, fs::perms::others_read | fs::perms::others_exec, fs::perm_options::add);
    EXPECT_EXIT((as_ordinary_user(), report(storage_path_problem(path))),
                ::testing::ExitedWithCode(0), "readonly.db\" cannot be read and written");
}

TEST_F(StoragePath, TheLoaderNamesFileLineAndKey) {
    const auto errors =
        config_test::load_errors(minimal_with({"[storage]", "path = \"" + dir_.string() + "\""}));
    ASSERT_EQ(errors.size(), 1u) << config_test::dump(errors);
    EXPECT_EQ(config::to_string(errors[0]),
              "test.toml:8: storage.path: \"" + dir_.string() + "\" is a directory; give the " +
                  "database file inside it, e.g. \"" + (dir_ / "state.db").string() + "\"");
    // SQLite's in-memory database and URIs are not file names.
    config_test::load_ok(minimal_with({"[storage]", "path = \":memory:\""}));
    config_test::load_ok(minimal_with({"[storage]", "path = \"file:x?mode=memory\""}));
}

TEST_F(StoragePath, ARelativePathIsCheckedWhereTheConfigurationPutsIt) {
    file("state.db", "these are my notes");
    const std::string toml =
        file("switchboard.toml", minimal_with({"[storage]", "path = \"state.db\""}));
    const auto result = config::load_file(toml);
    const auto* errors = std::get_if<std::vector<config::Error>>(&result);
    ASSERT_NE(errors, nullptr);
    ASSERT_EQ(errors->size(), 1u) << config_test::dump(*errors);
    EXPECT_EQ((*errors)[0].line, 8);
    EXPECT_NE((*errors)[0].message.find("\"" + (dir_ / "state.db").string() +
                                        "\" is not a SQLite database"),
              std::string::npos)
        << (*errors)[0].message;
}

}  // namespace
