using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FanClub.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class AdminOperations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RepairedSubscriptions",
                table: "reconciliation_runs",
                type: "varchar(3300)",
                maxLength: 3300,
                nullable: false,
                defaultValue: "")
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.AddColumn<string>(
                name: "Trigger",
                table: "reconciliation_runs",
                type: "varchar(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "")
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.AddColumn<int>(
                name: "ApiKeyVersion",
                table: "partners",
                type: "int",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<string>(
                name: "PreviousWebhookSecret",
                table: "partners",
                type: "varchar(100)",
                maxLength: 100,
                nullable: true)
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PreviousWebhookSecretUntil",
                table: "partners",
                type: "datetime(6)",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "WebhookSecretVersion",
                table: "partners",
                type: "int",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.CreateTable(
                name: "tier_prices",
                columns: table => new
                {
                    StripePriceId = table.Column<string>(type: "varchar(64)", maxLength: 64, nullable: false)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    TierId = table.Column<Guid>(type: "char(36)", nullable: false, collation: "ascii_general_ci"),
                    Interval = table.Column<string>(type: "varchar(8)", maxLength: 8, nullable: false)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    amount_minor = table.Column<long>(type: "bigint", nullable: false),
                    currency = table.Column<string>(type: "char(3)", fixedLength: true, maxLength: 3, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tier_prices", x => x.StripePriceId);
                    table.ForeignKey(
                        name: "FK_tier_prices_tiers_TierId",
                        column: x => x.TierId,
                        principalTable: "tiers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                })
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateIndex(
                name: "IX_subscriptions_CreatedAt_EndedAt_Status_TrialEnd_Interval_Str~",
                table: "subscriptions",
                columns: new[] { "CreatedAt", "EndedAt", "Status", "TrialEnd", "Interval", "StripePriceId", "TierId" });

            migrationBuilder.CreateIndex(
                name: "IX_subscriptions_EndedAt_Status",
                table: "subscriptions",
                columns: new[] { "EndedAt", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_subscriptions_Status_PastDueSince",
                table: "subscriptions",
                columns: new[] { "Status", "PastDueSince" });

            migrationBuilder.CreateIndex(
                name: "IX_payments_Status_CreatedAt",
                table: "payments",
                columns: new[] { "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_tier_prices_TierId",
                table: "tier_prices",
                column: "TierId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "tier_prices");

            migrationBuilder.DropIndex(
                name: "IX_subscriptions_CreatedAt_EndedAt_Status_TrialEnd_Interval_Str~",
                table: "subscriptions");

            migrationBuilder.DropIndex(
                name: "IX_subscriptions_EndedAt_Status",
                table: "subscriptions");

            migrationBuilder.DropIndex(
                name: "IX_subscriptions_Status_PastDueSince",
                table: "subscriptions");

            migrationBuilder.DropIndex(
                name: "IX_payments_Status_CreatedAt",
                table: "payments");

            migrationBuilder.DropColumn(
                name: "RepairedSubscriptions",
                table: "reconciliation_runs");

            migrationBuilder.DropColumn(
                name: "Trigger",
                table: "reconciliation_runs");

            migrationBuilder.DropColumn(
                name: "ApiKeyVersion",
                table: "partners");

            migrationBuilder.DropColumn(
                name: "PreviousWebhookSecret",
                table: "partners");

            migrationBuilder.DropColumn(
                name: "PreviousWebhookSecretUntil",
                table: "partners");

            migrationBuilder.DropColumn(
                name: "WebhookSecretVersion",
                table: "partners");
        }
    }
}
