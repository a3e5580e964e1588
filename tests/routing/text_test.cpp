// The text helpers: what a composed line quotes of someone's words, and long answers cut
// into messages.

#include "routing/text.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <string>

#include "routing/texts.hpp"

namespace routing {
namespace {

// Characters (code points) in UTF-8 text.
std::size_t chars(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

TEST(Excerpt, AShortTextIsQuotedWhole) {
    EXPECT_EQ(excerpt("Vera", 64), "Vera");
    EXPECT_EQ(excerpt("  Vera Müller  ", 64), "Vera Müller");
    EXPECT_EQ(excerpt("", 64), "");
}

TEST(Excerpt, ALongTextIsCutToTheLimitWithAnEllipsis) {
    const std::string cut = excerpt(std::string(200000, 'N'), 64);
    EXPECT_EQ(cut, std::string(63, 'N') + "\u2026");
    EXPECT_EQ(chars(cut), 64u);
    EXPECT_EQ(excerpt(std::string(64, 'N'), 64), std::string(64, 'N')) << "exactly the limit";
    EXPECT_EQ(excerpt(cut, 64), cut) << "quoting a quote changes nothing";
}

TEST(Excerpt, TheCutFallsBetweenCharactersNeverInsideOne) {
    std::string name;
    for (int i = 0; i < 100; ++i) {
        name += "\xF0\x9F\x98\x80";  // U+1F600, four bytes
    }
    const std::string cut = excerpt(name, 10);
    EXPECT_EQ(chars(cut), 10u);
    EXPECT_EQ(cut.size(), 9u * 4 + 3) << "nine whole emoji and the ellipsis";
    EXPECT_EQ(excerpt("abc d\u00e9f", 7), "abc d\u00e9f") << "seven characters";
    EXPECT_EQ(excerpt("abc d\u00e9f", 6), "abc d\u2026");
}

TEST(Excerpt, ControlCharactersAndLineBreaksBecomeSpaces) {
    EXPECT_EQ(excerpt("Vera\nMüller", 64), "Vera Müller");
    EXPECT_EQ(excerpt("a\tb\rc\001d\177e", 64), "a b c d e");
    EXPECT_EQ(excerpt("x\xEF\xBF\xBEy\xEF\xBF\xBFz", 64), "x y z") << "U+FFFE, U+FFFF";
    EXPECT_EQ(excerpt("\x01\x02 Vera \n", 64), "Vera");
}

TEST(SplitLines, ATextThatFitsIsOnePiece) {
    EXPECT_EQ(split_lines("Waiting chats:\n1 Vera", 100),
              (std::vector<std::string_view>{"Waiting chats:\n1 Vera"}));
    EXPECT_EQ(split_lines("", 100), (std::vector<std::string_view>{""}));
}

TEST(SplitLines, ManyLinesAreSplitAtLineBreaksIntoPiecesThatFit) {
    std::string text = "Waiting chats:";
    for (int i = 1; i <= 1000; ++i) {
        text += "\n" + std::to_string(i) + " Vera: \"Hello, my order has not arrived\" (take " +
                std::to_string(i) + ")";
    }
    const auto pieces = split_lines(text, 4096);
    ASSERT_GT(pieces.size(), 10u);
    std::string joined;
    for (const auto piece : pieces) {
        EXPECT_LE(piece.size(), 4096u);
        // No line is cut in two: each piece ends a line and (but the first) starts one.
        EXPECT_EQ(piece.back(), ')');
        EXPECT_TRUE(joined.empty() || std::isdigit(static_cast<unsigned char>(piece.front())));
        joined += (joined.empty() ? "" : "\n") + std::string(piece);
    }
    EXPECT_EQ(joined, text) << "only the line breaks between pieces are gone";
}

TEST(SplitLines, ALongLineIsSplitBetweenWords) {
    std::string ids;
    for (int i = 1; i <= 3000; ++i) {
        ids += (i == 1 ? "" : ", ") + std::to_string(i);
    }
    const std::string line = "close ID with one of: " + ids + ".";
    const auto pieces = split_lines(line, 1000);
    ASSERT_GT(pieces.size(), 10u);
    std::string joined;
    for (const auto piece : pieces) {
        EXPECT_LE(piece.size(), 1000u);
        EXPECT_TRUE(piece.back() == ',' || piece.back() == '.') << "no number is cut in two";
        joined += (joined.empty() ? "" : " ") + std::string(piece);
    }
    EXPECT_EQ(joined, line);
}

TEST(SplitLines, AWordLongerThanAPieceIsCutBetweenCharacters) {
    std::string text;
    for (int i = 0; i < 3000; ++i) {
        text += "\xC3\xA9";  // é, two bytes
    }
    text = "x" + text;
    const auto pieces = split_lines(text, 1001);
    std::string joined;
    for (const auto piece : pieces) {
        EXPECT_LE(piece.size(), 1001u);
        EXPECT_NE(static_cast<unsigned char>(piece.front()) & 0xC0, 0x80u) << "starts a character";
        joined += piece;
    }
    EXPECT_EQ(joined, text);
}

TEST(Texts, AListQuotesAtMostANameAndTheStartOfEachFirstMessage) {
    const std::string nick(200000, 'N');
    const std::string first(16 * 1024, 'q');
    std::vector<texts::ListedChat> chats;
    for (ConversationId id = 1; id <= 10; ++id) {
        chats.push_back({id, nick, first});
    }
    const std::string list = texts::list_chats(chats, 5, 0);
    EXPECT_LT(list.size(), 10u * (texts::kNameChars + texts::kQuoteChars + 40));
    EXPECT_NE(list.find(std::string(texts::kNameChars - 1, 'N') + "\u2026: \"" +
                        std::string(texts::kQuoteChars - 1, 'q') + "\u2026\" (take 10)"),
              std::string::npos)
        << list.substr(0, 400);
    const std::string notice = texts::new_chat(3, nick, "Hello\nthere");
    EXPECT_EQ(notice, "New chat 3 from " + std::string(texts::kNameChars - 1, 'N') +
                          "\u2026: \"Hello there\". Type take 3 to answer it.");
    EXPECT_LT(texts::unknown_command(std::string(100000, '?')).size(), 200u);
    EXPECT_LT(texts::no_such_agent(std::string(100000, 'b')).size(), 200u);
}

}  // namespace
}  // namespace routing
