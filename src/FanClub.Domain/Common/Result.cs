namespace FanClub.Domain.Common;

/// <summary>An expected failure: a stable code for programs and a message for people.</summary>
public sealed record Failure(string Code, string Message);

/// <summary>The outcome of an operation whose failure is an expected business case, not a bug.</summary>
public readonly record struct Result<T>
{
    private readonly T? _value;

    internal Result(T? value, Failure? failure)
    {
        _value = value;
        Failure = failure;
    }

    public Failure? Failure { get; }

    public bool Succeeded => Failure is null;

    /// <summary>The value of a successful result; reading it from a failure is a bug.</summary>
    public T Value => Succeeded ? _value! : throw new InvalidOperationException($"Result failed: {Failure!.Code}");
}

public static class Result
{
    public static Result<T> Ok<T>(T value) => new(value, null);

    public static Result<T> Fail<T>(string code, string message) => new(default, new Failure(code, message));
}
