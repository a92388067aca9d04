using System;
using System.Collections.Generic;

namespace Contention.Benchmarks.Corpus;

/// <summary>The business words of one generated file: its entity, and the names of the types made of it.</summary>
internal sealed class Domain
{
    private static readonly (string Singular, string Plural)[] Entities =
    {
        ("Order", "Orders"), ("Invoice", "Invoices"), ("Customer", "Customers"), ("Shipment", "Shipments"),
        ("Product", "Products"), ("Payment", "Payments"), ("Account", "Accounts"), ("Ticket", "Tickets"),
        ("Booking", "Bookings"), ("Subscription", "Subscriptions"), ("Parcel", "Parcels"), ("Claim", "Claims"),
        ("Policy", "Policies"), ("Vendor", "Vendors"), ("Agreement", "Agreements"), ("Timesheet", "Timesheets"),
        ("Budget", "Budgets"), ("Campaign", "Campaigns"), ("Reservation", "Reservations"), ("Delivery", "Deliveries"),
        ("Quote", "Quotes"), ("Refund", "Refunds"), ("Lease", "Leases"), ("Device", "Devices"), ("Patient", "Patients"),
        ("Course", "Courses"), ("Listing", "Listings"), ("Remittance", "Remittances"), ("Voucher", "Vouchers"),
        ("Consignment", "Consignments"), ("Enrollment", "Enrollments"), ("Appointment", "Appointments"),
    };

    private static readonly string[] Areas =
    {
        "Billing", "Sales", "Logistics", "Catalog", "Accounting", "Support", "Scheduling", "Insurance", "Procurement",
        "Payroll", "Marketing", "Inventory", "Fulfilment", "Compliance", "Reporting", "Identity",
    };

    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public Domain(Random random, int index)
    {
        (E, Es) = Entities[random.Next(Entities.Length)];
        Area = Areas[random.Next(Areas.Length)];
        Namespace = $"Corpus.{Area}.Module{index:D3}";
    }

    /// <summary>"Order".</summary>
    public string E { get; }

    /// <summary>"Orders".</summary>
    public string Es { get; }

    /// <summary>"order".</summary>
    public string Lower => char.ToLowerInvariant(E[0]) + E.Substring(1);

    /// <summary>"orders".</summary>
    public string LowerPlural => char.ToLowerInvariant(Es[0]) + Es.Substring(1);

    public string Area { get; }

    public string Namespace { get; }

    /// <summary>A type name not used yet in this file: "OrderPricing", then "OrderPricing2".</summary>
    public string Unique(string name)
    {
        if (_used.Add(name))
        {
            return name;
        }

        for (var i = 2; ; i++)
        {
            if (_used.Add(name + i))
            {
                return name + i;
            }
        }
    }
}
