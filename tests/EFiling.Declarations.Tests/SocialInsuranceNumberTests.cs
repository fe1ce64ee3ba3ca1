using EFiling.Declarations.Identifiers;

namespace EFiling.Declarations.Tests;

public class SocialInsuranceNumberTests
{
    [Theory]
    [InlineData("0123456789", true)]
    [InlineData("7912345678", true)]
    [InlineData("012345678", false)]
    [InlineData("01234567890", false)]
    [InlineData("01234S6789", false)]
    public void Is_ten_digits(string text, bool valid) => Assert.Equal(valid, SocialInsuranceNumber.TryParse(text, out _));
}
