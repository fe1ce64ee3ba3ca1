using EFiling.Declarations.Identifiers;

namespace EFiling.Declarations.Tests;

public class MstTests
{
    [Theory]
    [InlineData("0100109106")]
    [InlineData("0101601092")]
    [InlineData("0100109106-001")]
    public void Accepts_valid_codes(string text)
    {
        Assert.True(Mst.TryParse(text, out var mst));
        Assert.Equal(text, mst.ToString());
    }

    [Theory]
    [InlineData("0100109107", "wrong check digit")]
    [InlineData("0101601093", "wrong check digit")]
    [InlineData("010010910", "nine digits")]
    [InlineData("01001091060", "eleven digits")]
    [InlineData("0100109106-01", "two-digit branch")]
    [InlineData("0100109106-000", "branch zero")]
    [InlineData("0100109106_001", "wrong separator")]
    [InlineData("01001O9106", "letter O")]
    [InlineData("", "empty")]
    public void Rejects_invalid_codes(string text, string why)
    {
        Assert.False(Mst.TryParse(text, out _), why);
    }

    [Fact]
    public void Branch_keeps_its_parent()
    {
        var mst = Mst.Parse("0100109106-002");
        Assert.True(mst.IsBranch);
        Assert.Equal("0100109106", mst.Parent);
        Assert.Equal("002", mst.Branch);
    }

    [Fact]
    public void Check_digit_follows_the_weighted_sum()
    {
        // 31·0+29·1+23·0+19·0+17·1+13·0+7·9+5·1+3·0 = 114; 114 mod 11 = 4; 10 − 4 = 6.
        Assert.Equal(6, Mst.CheckDigit("010010910"));
        Assert.Equal(2, Mst.CheckDigit("010160109"));
    }

    [Fact]
    public void Nine_digits_whose_sum_is_a_multiple_of_11_have_no_valid_code()
    {
        // About one prefix in eleven has a weighted sum ≡ 0 (mod 11), which would need check digit 10.
        var prefix = Enumerable.Range(0, 1_000_000_000).Select(i => i.ToString("000000000")).First(p => Mst.CheckDigit(p) is null);
        Assert.Null(Mst.FromFirstNine(prefix));
        Assert.False(Mst.TryParse(prefix + "0", out _));
    }

    [Fact]
    public void Every_generated_code_parses()
    {
        var made = 0;
        for (var i = 100_000_000; i < 100_000_500; i++)
        {
            if (Mst.FromFirstNine(i.ToString("000000000")) is { } mst)
            {
                Assert.True(Mst.TryParse(mst.ToString(), out _));
                made++;
            }
        }
        Assert.InRange(made, 400, 500); // about 10 in 11 prefixes have a check digit
    }
}
